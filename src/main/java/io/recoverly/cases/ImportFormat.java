package io.recoverly.cases;

enum ImportFormat {
  CSV,
  JSON
}
