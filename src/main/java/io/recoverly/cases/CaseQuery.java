package io.recoverly.cases;

/**
 * Filters for the case list; null means no filter.
 *
 * @param stage lifecycle stage
 * @param status open or closed
 * @param dpdBucket days-past-due bucket (current DPD of open cases, DPD at closure of closed cases)
 * @param jurisdiction US or IN
 * @param product product code
 */
public record CaseQuery(
    CaseStage stage, CaseStatus status, DpdBucket dpdBucket, String jurisdiction, String product) {}
