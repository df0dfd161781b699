/** Cross-cutting web concerns: RFC 7807 problem details for every rejected request. No capability depends on it. */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package io.recoverly.web;
