/**
 * Disputes: raised through the API ({@code dispute-raised} interrupts the active stage) or recorded by an agent on a
 * call; while one is open no outbound contact reaches the debtor; a reviewer (group {@code disputes}) upholds it
 * (the case closes) or rejects it (contact resumes).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Disputes")
package io.recoverly.disputes;
