/**
 * Negotiation: promises to pay made on a call, checked when the promised date has passed (kept when payments since
 * the promise reach the promised amount). Payment plans, settlements and hardship follow.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Negotiation")
package io.recoverly.negotiation;
