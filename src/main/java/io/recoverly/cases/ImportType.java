package io.recoverly.cases;

/**
 * What a lender's file says.
 *
 * <ul>
 *   <li>PLACEMENT: new accounts, each opens a case.
 *   <li>UPDATE: accounts we hold, with only what changed (balance, contact data); a balance of zero closes the case as
 *       paid.
 *   <li>RECALL: the lender takes accounts back; contact stops at once and the case closes as RECALLED.
 * </ul>
 */
public enum ImportType {
  PLACEMENT,
  UPDATE,
  RECALL
}
