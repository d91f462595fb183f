/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Micrometer metrics ({@link dev.warren.micrometer.WarrenMetrics}) and Micrometer Observation
 * ({@link dev.warren.micrometer.WarrenObservations}) for Warren connections, each a {@link
 * dev.warren.client.ClientObserver} to register with {@link
 * dev.warren.client.ConnectionParameters.Builder#observer}.
 */
package dev.warren.micrometer;
