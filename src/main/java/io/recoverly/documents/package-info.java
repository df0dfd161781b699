/**
 * Documents: every letter (and the validation notice an e-mail carries) rendered as a PDF from its template's words,
 * kept with its case, listed and opened on the case page, each opening audited.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Documents")
package io.recoverly.documents;
