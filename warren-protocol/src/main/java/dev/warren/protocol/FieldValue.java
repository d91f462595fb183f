/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

/**
 * The field-table values that have no Java type of their own: AMQP's unsigned integers {@code B}
 * (unsigned 8-bit), {@code u} (unsigned 16-bit) and {@code i} (unsigned 32-bit).
 *
 * <p>Put one in a table to write that letter, for a peer that wants the unsigned type:
 *
 * <pre>{@code
 * headers.put("retries", FieldValue.unsignedByte(3));        // 'B'
 * headers.put("port", FieldValue.unsignedShort(65535));      // 'u'
 * headers.put("size", FieldValue.unsignedInt(4294967295L));  // 'i'
 * }</pre>
 *
 * <p>Decoding gives these same types for the three letters, so a table read from the wire encodes
 * back to the same letters and bytes. {@link #longValue()} gives the number whatever the width.
 *
 * <p>The factories (and the record constructors) check the range and throw {@link
 * IllegalArgumentException} for a value outside it. Instances are immutable; equality is by type
 * and value, so {@code unsignedShort(7)} equals neither {@code unsignedByte(7)} nor {@code 7}.
 *
 * <p>docs/field-tables.md lists every field type letter and the Java type it reads as and is
 * written from.
 */
public sealed interface FieldValue
    permits FieldValue.UnsignedByte, FieldValue.UnsignedShort, FieldValue.UnsignedInt {

  /**
   * The field type letter this value is written with: {@code 'B'}, {@code 'u'} or {@code 'i'}.
   *
   * @return the type letter
   */
  char typeLetter();

  /**
   * The value, widened to a long (never negative).
   *
   * @return the value, 0 or more
   */
  long longValue();

  /**
   * An unsigned 8-bit value ({@code B}), 0..255.
   *
   * @param value the value, 0..255
   * @return the field value
   * @throws IllegalArgumentException if {@code value} is out of range
   */
  static UnsignedByte unsignedByte(int value) {
    return new UnsignedByte(value);
  }

  /**
   * An unsigned 16-bit value ({@code u}), 0..65535.
   *
   * @param value the value, 0..65535
   * @return the field value
   * @throws IllegalArgumentException if {@code value} is out of range
   */
  static UnsignedShort unsignedShort(int value) {
    return new UnsignedShort(value);
  }

  /**
   * An unsigned 32-bit value ({@code i}), 0..4294967295.
   *
   * @param value the value, 0..4294967295
   * @return the field value
   * @throws IllegalArgumentException if {@code value} is out of range
   */
  static UnsignedInt unsignedInt(long value) {
    return new UnsignedInt(value);
  }

  /**
   * Field type {@code B}, an unsigned 8-bit integer.
   *
   * @param value 0..255
   */
  record UnsignedByte(int value) implements FieldValue {
    /**
     * Checks the range.
     *
     * @param value the value, 0..255
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public UnsignedByte {
      if (value < 0 || value > 0xFF) {
        throw new IllegalArgumentException("unsigned byte must be in 0..255, was " + value);
      }
    }

    @Override
    public char typeLetter() {
      return 'B';
    }

    @Override
    public long longValue() {
      return value;
    }
  }

  /**
   * Field type {@code u}, an unsigned 16-bit integer.
   *
   * @param value 0..65535
   */
  record UnsignedShort(int value) implements FieldValue {
    /**
     * Checks the range.
     *
     * @param value the value, 0..65535
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public UnsignedShort {
      if (value < 0 || value > 0xFFFF) {
        throw new IllegalArgumentException("unsigned short must be in 0..65535, was " + value);
      }
    }

    @Override
    public char typeLetter() {
      return 'u';
    }

    @Override
    public long longValue() {
      return value;
    }
  }

  /**
   * Field type {@code i}, an unsigned 32-bit integer.
   *
   * @param value 0..4294967295
   */
  record UnsignedInt(long value) implements FieldValue {
    /**
     * Checks the range.
     *
     * @param value the value, 0..4294967295
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public UnsignedInt {
      if (value < 0 || value > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("unsigned int must be in 0..4294967295, was " + value);
      }
    }

    @Override
    public char typeLetter() {
      return 'i';
    }

    @Override
    public long longValue() {
      return value;
    }
  }
}
