/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralParserTest {
  @Test
  void pythonDictLiteral() {
    Map<String, Object> m =
        LiteralParser.parseObject(
            "{'a': 'x', \"b\": 1, 'c': -2.5, 'd': True, 'e': False, 'f': None, 'g': [1, 'two'],"
                + " 'h': {'i': 'j'}, 'k': 'it\\'s', 'l': '\\x41\\u00e9\\n', 'm': 1_000,}");
    assertThat(m)
        .containsEntry("a", "x")
        .containsEntry("b", 1L)
        .containsEntry("c", new BigDecimal("-2.5"))
        .containsEntry("d", true)
        .containsEntry("e", false)
        .containsEntry("f", null)
        .containsEntry("g", List.of(1L, "two"))
        .containsEntry("h", Map.of("i", "j"))
        .containsEntry("k", "it's")
        .containsEntry("l", "Aé\n")
        .containsEntry("m", 1000L);
    assertThat(m.keySet()).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "k", "l", "m");
  }

  @Test
  void json() {
    assertThat(LiteralParser.parseObject(" { \"x\" : true , \"y\" : null , \"z\": \"a\\/b\" } "))
        .containsEntry("x", true)
        .containsEntry("y", null)
        .containsEntry("z", "a/b");
    assertThat(LiteralParser.parseObject("{}")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{",
        "{'a'}",
        "{'a': }",
        "{a: 1}",
        "{'a': 1 'b': 2}",
        "{'a': 'unterminated}",
        "{'a': 1} trailing",
        "{'a': 1, 'a': 2}",
        "{'a': 1.2.3}",
        "{'a': '\\q'}",
        "{'a': '\\x4'}",
        "{'a': nope}",
      })
  void malformedInputGivesPositionNotText(String text) {
    assertThatThrownBy(() -> LiteralParser.parseObject(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("of the dictionary (JSON or Python dict literal)");
  }

  @Test
  void errorsDoNotEchoValues() {
    assertThatThrownBy(() -> LiteralParser.parseObject("{'password': 's3cr3t-pw"))
        .hasMessageNotContaining("s3cr3t-pw");
  }
}
