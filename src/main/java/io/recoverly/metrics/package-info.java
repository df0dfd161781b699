/**
 * Manager metrics: KPIs computed from recorded facts (cases, payments, contact attempts, promises, tasks), never from
 * counters that can drift, and business meters for Prometheus.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Metrics")
package io.recoverly.metrics;
