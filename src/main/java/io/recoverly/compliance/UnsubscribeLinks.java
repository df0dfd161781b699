package io.recoverly.compliance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The e-mail opt-out link of 12 CFR 1006.6(e): {@code <unsubscribe-url>?case=<id>&token=<HMAC>}. The token is an
 * HMAC-SHA256 of the case id with {@code recoverly.collector.unsubscribe-secret}, so that the link opts out the one
 * debtor it was sent to and nobody can opt out anyone else by guessing ids. Every node computes the same link from the
 * same configuration.
 */
@Component
public class UnsubscribeLinks {

  private final String url;
  private final byte[] secret;

  UnsubscribeLinks(@Value("${recoverly.collector.unsubscribe-url:http://localhost:8080/api/unsubscribe}") String url,
      @Value("${recoverly.collector.unsubscribe-secret:dev-only-unsubscribe-secret}") String secret) {
    this.url = url;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The link for a case's messages. */
  public String link(UUID caseId) {
    return url + "?case=" + caseId + "&token=" + token(caseId);
  }

  /** Whether the token is the one this case's links carry. */
  public boolean valid(UUID caseId, String token) {
    return token != null && MessageDigest.isEqual(token(caseId).getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private String token(UUID caseId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] digest = mac.doFinal(("unsubscribe:" + caseId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
