/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * OpenTelemetry tracing of Warren connections ({@link dev.warren.opentelemetry.WarrenTelemetry}), a
 * {@link dev.warren.client.ClientObserver} to register with {@link
 * dev.warren.client.ConnectionParameters.Builder#observer}.
 */
package dev.warren.opentelemetry;
