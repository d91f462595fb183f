/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The connection's observers ({@link dev.warren.client.ClientObserver}) behind one holder, {@link
 * dev.warren.client.internal.observe.Observers}: a constant with {@code on == false} when none is
 * registered, so each hook in the client is one field read and a branch. Any thread (the observers
 * are thread-safe by contract); uses no other internal package.
 */
package dev.warren.client.internal.observe;
