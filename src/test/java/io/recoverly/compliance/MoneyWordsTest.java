package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Amounts as debtors write them (MessageTemplates.money). */
class MoneyWordsTest {

  @Test
  void indiaGroupsInLakhsAndCroresTheUsInThousands() {
    Locale in = Locale.forLanguageTag("en-IN");
    assertThat(MessageTemplates.money(new BigDecimal("123456"), "INR", in)).isEqualTo("₹1,23,456.00");
    assertThat(MessageTemplates.money(new BigDecimal("12345678.5"), "INR", in)).isEqualTo("₹1,23,45,678.50");
    assertThat(MessageTemplates.money(new BigDecimal("999"), "INR", in)).isEqualTo("₹999.00");
    assertThat(MessageTemplates.money(new BigDecimal("1000"), "INR", in)).isEqualTo("₹1,000.00");
    assertThat(MessageTemplates.money(new BigDecimal("1234.5"), "USD", Locale.forLanguageTag("en-US")))
        .isEqualTo("$1,234.50");
  }

  @Property
  void theIndianFormReadsBackAsTheAmount(@ForAll @LongRange(min = 0, max = 999_999_999_999L) long paise) {
    BigDecimal amount = BigDecimal.valueOf(paise, 2);
    String written = MessageTemplates.money(amount, "INR", Locale.forLanguageTag("en-IN"));
    assertThat(new BigDecimal(written.substring(1).replace(",", ""))).isEqualByComparingTo(amount);
    // groups: the last three digits, then pairs
    String whole = written.substring(1, written.indexOf('.'));
    String[] groups = whole.split(",");
    assertThat(groups[groups.length - 1]).hasSizeLessThanOrEqualTo(3);
    for (int i = 1; i < groups.length - 1; i++) {
      assertThat(groups[i]).hasSize(2);
    }
  }
}
