package io.recoverly.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Base of the black-box tests: the shared running app, its HTTP API and its database. */
@AppTest
public abstract class ApiTestSupport {

  @Autowired protected TestRestTemplate http;
  @Autowired protected ObjectMapper json;
  @Autowired protected JdbcClient jdbc;
  protected Api api;

  @BeforeEach
  void connectApi() {
    api = new Api(http, json);
    http = api.http(); // signed in as admin (HTTP Basic); api.as(user) for anyone else
  }
}
