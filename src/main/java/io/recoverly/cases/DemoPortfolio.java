package io.recoverly.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A generated demo portfolio, loaded through the ordinary import on the first start (empty database) so that a person
 * sees live cases at once: consumer products in the US and India, balances from small to large, every DPD bucket,
 * several time zones, some debtors without phone or email. Deterministic (fixed seed). Fictitious data only: 555-01xx
 * phone numbers and example.com addresses.
 */
@Component
@ConditionalOnProperty(name = "recoverly.demo.enabled", havingValue = "true")
class DemoPortfolio {

  private static final java.util.List<String> US_AREA_CODES = java.util.List.of("212", "213", "206", "303", "305",
      "312", "404", "415", "503", "512", "602", "617", "702", "713", "808", "907");
  private static final java.util.List<String> IN_MOBILE_PREFIXES = java.util.List.of("70", "72", "73", "74", "75",
      "76", "77", "78", "79", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "93", "94", "95",
      "96", "97", "98", "99");

  private static final Logger log = LoggerFactory.getLogger(DemoPortfolio.class);
  private static final String[] US_FIRST = {"James", "Maria", "Robert", "Linda", "Michael", "Patricia", "David",
      "Jennifer", "William", "Elizabeth", "Carlos", "Aisha", "Kevin", "Nancy", "Brian", "Karen"};
  private static final String[] US_LAST = {"Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis",
      "Rodriguez", "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Lee"};
  private static final String[] IN_FIRST = {"Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun",
      "Kavya", "Rahul", "Divya", "Sanjay", "Meera", "Amit", "Pooja", "Karan", "Neha"};
  private static final String[] IN_LAST = {"Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair",
      "Das", "Mehta", "Joshi", "Rao", "Chopra", "Banerjee", "Verma", "Pillai"};
  private static final String[][] US_PLACES = {
      {"America/New_York", "Albany, NY"}, {"America/New_York", "Atlanta, GA"}, {"America/Chicago", "Chicago, IL"},
      {"America/Chicago", "Austin, TX"}, {"America/Denver", "Denver, CO"}, {"America/Phoenix", "Phoenix, AZ"},
      {"America/Los_Angeles", "Sacramento, CA"}, {"America/Los_Angeles", "Seattle, WA"},
      {"America/Anchorage", "Anchorage, AK"}, {"Pacific/Honolulu", "Honolulu, HI"}};
  private static final String[] IN_PLACES = {"Mumbai, MH", "Pune, MH", "Bengaluru, KA", "Chennai, TN",
      "Hyderabad, TS", "New Delhi, DL", "Kolkata, WB", "Jaipur, RJ"};
  private static final List<String> US_PRODUCTS = List.of("CREDIT_CARD", "PERSONAL_LOAN", "AUTO_LOAN", "UTILITY", "BNPL");
  private static final List<String> IN_PRODUCTS = List.of("CREDIT_CARD", "PERSONAL_LOAN", "TWO_WHEELER_LOAN", "GOLD_LOAN", "UTILITY");
  private static final int[] DPD_BUCKET_LIMITS = {30, 60, 90, 180};

  private final PortfolioImporter importer;
  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final int accounts;
  private final io.recoverly.database.SingleNode singleNode;

  DemoPortfolio(
      io.recoverly.database.SingleNode singleNode,
      PortfolioImporter importer,
      JdbcClient jdbc,
      ObjectMapper json,
      @org.springframework.beans.factory.annotation.Value("${recoverly.demo.accounts:300}") int accounts) {
    this.singleNode = singleNode;
    this.importer = importer;
    this.jdbc = jdbc;
    this.json = json;
    this.accounts = accounts;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  void loadOnFirstStart() {
    // two nodes starting on an empty database at once: one loads, the other finds it loading (or loaded) and skips
    singleNode.runAlone("demo-portfolio", () -> {
      load();
      return null;
    }, null);
  }

  private void load() {
    long existing = jdbc.sql("select count(*) from collection_case").query(Long.class).single();
    if (existing > 0) {
      log.info("Demo portfolio not loaded: the database already holds {} cases", existing);
      return;
    }
    ImportResult result =
        importer.importFile(ImportFormat.JSON, new ByteArrayInputStream(generate(accounts, 42)), "demo-portfolio");
    log.info("Demo portfolio loaded: {} cases opened", result.imported());
  }

  byte[] generate(int count, long seed) {
    Random random = new Random(seed);
    ArrayNode rows = json.createArrayNode();
    for (int i = 1; i <= count; i++) {
      boolean us = random.nextInt(100) < 60;
      ObjectNode row = rows.addObject();
      String first = pick(random, us ? US_FIRST : IN_FIRST);
      String last = pick(random, us ? US_LAST : IN_LAST);
      row.put("accountRef", (us ? "US-" : "IN-") + "DEMO-" + String.format("%05d", i));
      row.put("debtorName", first + " " + last);
      if (random.nextInt(100) < 90) {
        // numbers the phone rules accept (cases.ContactPointRules: valid in the jurisdiction): US area codes in use
        // with the fictitious 555-01xx, Indian mobile prefixes
        row.put("phone", us
            ? "+1" + US_AREA_CODES.get(random.nextInt(US_AREA_CODES.size())) + "55501"
                + String.format("%02d", random.nextInt(100))
            : "+91" + IN_MOBILE_PREFIXES.get(random.nextInt(IN_MOBILE_PREFIXES.size()))
                + String.format("%08d", random.nextInt(100_000_000)));
      }
      if (random.nextInt(100) < 75) {
        row.put("email", (first + "." + last + i).toLowerCase() + "@example.com");
      }
      String place;
      if (us) {
        String[] zoneAndPlace = US_PLACES[random.nextInt(US_PLACES.length)];
        row.put("timezone", zoneAndPlace[0]);
        place = zoneAndPlace[1];
      } else {
        row.put("timezone", "Asia/Kolkata");
        place = pick(random, IN_PLACES);
      }
      row.put("address", (10 + random.nextInt(980)) + " " + pick(random, new String[] {"Main St", "Park Ave",
          "Lake Rd", "Hill View", "Station Rd", "MG Road"}) + ", " + place);
      row.put("jurisdiction", us ? "US" : "IN");
      List<String> products = us ? US_PRODUCTS : IN_PRODUCTS;
      row.put("product", products.get(random.nextInt(products.size())));
      BigDecimal principal = us
          ? BigDecimal.valueOf(200 + random.nextInt(30_000))
          : BigDecimal.valueOf(5_000 + random.nextInt(900_000));
      BigDecimal balance = principal.multiply(BigDecimal.valueOf(40 + random.nextInt(75)))
          .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
      row.put("principal", principal);
      row.put("balance", balance);
      row.put("currency", us ? "USD" : "INR");
      int bucket = DPD_BUCKET_LIMITS[random.nextInt(DPD_BUCKET_LIMITS.length)];
      row.put("dpd", bucket - random.nextInt(30));
      row.put("riskScore", 150 + random.nextInt(800));
      // an agency's two lenders (drawn without the random source: the rest of the portfolio is as it always was)
      row.put("creditor", us ? "Northwind Bank" : "Asha Finance");
    }
    try {
      return json.writeValueAsBytes(rows);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
