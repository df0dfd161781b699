/**
 * Payments and, later, payment plans: payment intake ({@code POST /api/payments}, idempotent on the payer's external
 * id) reduces the balance and correlates {@code payment-received} to the case's process.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Plans and payments")
package io.recoverly.plans;
