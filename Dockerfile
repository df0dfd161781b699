# Builds and runs the production artifact of Recoverly: ./mvnw -Pproduction package, which carries no embedded engine
# and no embedded PostgreSQL (Camunda License 1.0 engine jars stay out); it runs in cluster mode only
# (docker-compose.yml sets SPRING_PROFILES_ACTIVE=cluster and starts two replicas).

# The web UI: npm packages pinned by package-lock.json, built with Node 22 (Vite needs 20.19+).
FROM node:22-slim AS web
WORKDIR /web
COPY src/main/frontend/package.json src/main/frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/main/frontend ./
RUN npm run build -- --outDir /web/dist

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q -Pproduction dependency:go-offline -Dfrontend.skip
COPY src src
COPY bpmn bpmn
COPY forms forms
COPY --from=web /web/dist target/classes/static
RUN ./mvnw -B -q -Pproduction package -Dfrontend.skip

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/recoverly-*.jar /app/recoverly.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/recoverly.jar"]
