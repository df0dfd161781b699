package io.recoverly.cases;

/**
 * Filters for the case list; null means no filter.
 *
 * @param stage lifecycle stage
 * @param status open or closed
 * @param dpdBucket days-past-due bucket (current DPD of open cases, DPD at closure of closed cases)
 * @param jurisdiction US or IN
 * @param product product code
 * @param creditor the lender the account belongs to (exact name)
 * @param text a fragment found anywhere in the account reference, the debtor's name or e-mail (case-insensitive), or
 *     the last digits of the phone
 */
public record CaseQuery(
    CaseStage stage, CaseStatus status, DpdBucket dpdBucket, String jurisdiction, String product, String text,
    String creditor) {

  public CaseQuery(CaseStage stage, CaseStatus status, DpdBucket dpdBucket, String jurisdiction, String product) {
    this(stage, status, dpdBucket, jurisdiction, product, null, null);
  }
}
