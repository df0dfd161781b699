package io.recoverly.cases;

import static io.recoverly.cases.ImportFields.ACCOUNT_REF;
import static io.recoverly.cases.ImportFields.ADDRESS;
import static io.recoverly.cases.ImportFields.BALANCE;
import static io.recoverly.cases.ImportFields.EMAIL;
import static io.recoverly.cases.ImportFields.PHONE;

import io.recoverly.cases.ImportResult.ImportError;
import io.recoverly.engine.EngineCommands;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a lender's balance update or recall does to the accounts we hold, in the import's transaction.
 *
 * <ul>
 *   <li>An update changes the balance and the contact data a row carries (an empty cell changes nothing); each change
 *       is on the case's timeline (contact data masked). A balance of zero closes the case as PAID_IN_FULL. A row for a
 *       closed case is refused: the lender's figures no longer steer it.
 *   <li>A recall closes the case with outcome RECALLED: contact stops at once (the contact guard refuses any contact
 *       about a closed case), the open tasks leave the inboxes (canceled when the case closes), and the process
 *       instance is canceled once the import commits. A case already closed is left as it is.
 *   <li>An account we do not hold, or one named twice in the file, is a row error.
 * </ul>
 */
@Component
class AccountChanges {

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final CaseLifecycle lifecycle;
  private final EngineCommands engine;

  AccountChanges(JdbcClient jdbc, CaseTimeline timeline, CaseLifecycle lifecycle, EngineCommands engine) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.lifecycle = lifecycle;
    this.engine = engine;
  }

  private record Held(UUID accountId, UUID debtorId, UUID caseId, String status, String outcome, Long instanceKey,
      BigDecimal balance, String currency, String jurisdiction, String phone, String email, String address) {}

  void apply(ImportType type, List<ImportRow> rows, UUID importId, PortfolioImporter.Tally tally) {
    Map<String, ImportRow> byRef = new LinkedHashMap<>();
    for (ImportRow row : rows) {
      String ref = row.get(ACCOUNT_REF);
      if (ref == null) {
        tally.reject(List.of(new ImportError(row.row(), ACCOUNT_REF, "required")));
      } else if (!AccountRowValidator.isAccountRef(ref)) {
        tally.reject(List.of(new ImportError(row.row(), ACCOUNT_REF, AccountRowValidator.ACCOUNT_REF_RULE)));
      } else if (byRef.containsKey(ref) || !tally.changedRefs.add(ref)) {
        // which of two rows for one account is the lender's last word cannot be told
        tally.reject(List.of(new ImportError(row.row(), ACCOUNT_REF, "the account " + ref
            + " is named twice in this file")));
      } else {
        byRef.put(ref, row);
      }
    }
    if (byRef.isEmpty()) {
      return;
    }
    // the accounts and their cases are locked in one order: payments and other imports wait, never cross
    Map<String, Held> held = new HashMap<>();
    jdbc.sql("""
            select a.account_ref, a.id as account_id, a.debtor_id, c.id as case_id, c.status, c.outcome,
                   c.process_instance_key, a.balance, a.currency, d.jurisdiction, d.phone, d.email, d.address
              from account a join collection_case c on c.account_id = a.id join debtor d on d.id = a.debtor_id
             where a.account_ref = any(cast(:refs as text[]))
             order by a.account_ref
               for no key update of a, c
            """)
        .param("refs", byRef.keySet().toArray(String[]::new))
        .query((rs, n) -> held.put(rs.getString("account_ref"), new Held(rs.getObject("account_id", UUID.class),
            rs.getObject("debtor_id", UUID.class), rs.getObject("case_id", UUID.class), rs.getString("status"),
            rs.getString("outcome"), (Long) rs.getObject("process_instance_key"), rs.getBigDecimal("balance"),
            rs.getString("currency"), rs.getString("jurisdiction"), rs.getString("phone"), rs.getString("email"),
            rs.getString("address"))))
        .list();
    for (ImportRow row : byRef.values()) {
      String ref = row.get(ACCOUNT_REF);
      Held account = held.get(ref);
      if (account == null) {
        tally.reject(List.of(new ImportError(row.row(), ACCOUNT_REF, "no account " + ref + " was placed with us: "
            + (type == ImportType.RECALL ? "a recall" : "an update") + " names an account we hold")));
        continue;
      }
      if (type == ImportType.RECALL) {
        recall(account, importId, tally);
      } else {
        update(row, account, importId, tally);
      }
    }
  }

  private void recall(Held account, UUID importId, PortfolioImporter.Tally tally) {
    if (!"OPEN".equals(account.status())) {
      tally.duplicates++; // closed before (paid, settled, recalled by an earlier file): nothing to stop
      return;
    }
    close(account, "RECALLED", importId);
    tally.recalled++;
  }

  private void close(Held account, String outcome, UUID importId) {
    // the case closes here (its open tasks are canceled with it, CaseClosed); the instance is canceled once this commits
    lifecycle.close(account.caseId(), outcome, "import:" + importId + ":close:" + account.caseId());
    if (account.instanceKey() != null) {
      engine.cancelInstance(account.instanceKey(), "case:" + account.caseId());
    }
  }

  private void update(ImportRow row, Held account, UUID importId, PortfolioImporter.Tally tally) {
    AccountRowValidator.Errors errors = new AccountRowValidator.Errors(row.row());
    if (!"OPEN".equals(account.status())) {
      errors.list.add(new ImportError(row.row(), ACCOUNT_REF, "the case of " + row.get(ACCOUNT_REF) + " is closed ("
          + account.outcome() + "): a closed account takes no updates"));
      tally.reject(errors.list);
      return;
    }
    Currency currency = Currency.getInstance(account.currency());
    BigDecimal balance = row.get(BALANCE) == null ? null
        : AccountRowValidator.amount(row.get(BALANCE), BALANCE, currency, true, errors);
    String phone = null;
    String phoneType = null;
    if (row.get(PHONE) != null) {
      ContactPointRules.Phone read = ContactPointRules.phone(row.get(PHONE), account.jurisdiction());
      if (read.valid()) {
        phone = read.e164();
        phoneType = read.lineType();
      } else {
        errors.list.add(new ImportError(row.row(), PHONE, read.problem()));
      }
    }
    String email = row.get(EMAIL);
    if (email != null) {
      ContactPointRules.emailProblem(email).ifPresent(p -> errors.list.add(new ImportError(row.row(), EMAIL, p)));
    }
    String address = row.get(ADDRESS);
    if (address != null && address.length() > 500) {
      errors.list.add(new ImportError(row.row(), ADDRESS, "longer than 500 characters"));
    }
    if (balance == null && phone == null && email == null && address == null && errors.list.isEmpty()) {
      errors.list.add(new ImportError(row.row(), null, "nothing to change: the row's balance, phone, email and"
          + " address are empty"));
    }
    if (!errors.list.isEmpty()) {
      tally.reject(errors.list);
      return;
    }
    boolean changed = false;
    if (balance != null && balance.compareTo(account.balance()) != 0) {
      jdbc.sql("update account set balance = :balance where id = :id")
          .param("balance", balance).param("id", account.accountId()).update();
      timeline.record(account.caseId(), "BALANCE_UPDATED", "Balance updated by the creditor: "
              + account.balance().toPlainString() + " → " + balance.toPlainString() + " " + account.currency(),
          Map.of("before", account.balance(), "after", balance, "currency", account.currency(), "importId",
              importId.toString(), "row", row.row()), null);
      changed = true;
    }
    Set<String> contact = new HashSet<>();
    Map<String, Object> details = new HashMap<>();
    if (phone != null && !phone.equals(account.phone())) {
      contact.add(PHONE);
      details.put(PHONE, PiiMask.phone(phone));
    }
    if (email != null && !email.equals(account.email())) {
      contact.add(EMAIL);
      details.put(EMAIL, PiiMask.email(email));
    }
    if (address != null && !address.equals(account.address())) {
      contact.add(ADDRESS);
      details.put(ADDRESS, "(new address)");
    }
    if (!contact.isEmpty()) {
      jdbc.sql("""
              update debtor set phone = coalesce(:phone, phone),
                                phone_type = case when cast(:phone as text) is null then phone_type else :type end,
                                email = coalesce(:email, email), address = coalesce(:address, address),
                                -- a new address is a new chance: it has not bounced, and the creditor gave it
                                email_status = case when cast(:email as text) is null then email_status end,
                                email_type = case when cast(:email as text) is null then email_type end,
                                email_given_by_debtor = case when cast(:email as text) is null
                                                        then email_given_by_debtor else false end
               where id = :id
              """)
          .param("phone", contact.contains(PHONE) ? phone : null).param("type", phoneType)
          .param("email", contact.contains(EMAIL) ? email : null)
          .param("address", contact.contains(ADDRESS) ? address : null)
          .param("id", account.debtorId()).update();
      details.put("importId", importId.toString());
      details.put("source", "creditor");
      List<String> names = new ArrayList<>(contact);
      names.sort(null);
      // the event the contact rules listen for: a call blocked for want of a phone is asked again
      timeline.record(account.caseId(), "DEBTOR_DETAILS_UPDATED",
          "Contact details updated by the creditor: " + String.join(", ", names), details, null);
      changed = true;
    }
    if (balance != null && balance.signum() == 0 && Objects.equals(account.status(), "OPEN")) {
      // the lender was paid directly: the case is paid in full
      close(account, "PAID_IN_FULL", importId);
      changed = true;
    }
    if (changed) {
      tally.updated++;
    } else {
      tally.duplicates++;
    }
  }
}
