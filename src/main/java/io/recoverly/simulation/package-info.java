/**
 * Behaviour models of debtors and agents. Today: the demo activity, which makes the embedded demo live as its clock
 * moves (agents work calls, debtors keep some promises and pay). Later: strategy simulation on an isolated engine
 * (DESIGN §10).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Simulation")
package io.recoverly.simulation;
