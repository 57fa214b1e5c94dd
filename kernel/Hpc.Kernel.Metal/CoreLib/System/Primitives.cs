#pragma warning disable CS0169, CS0649, IDE0051, IDE0044 // The primitive's own value field is how the compiler knows its size.
namespace System;

/// <summary>A Boolean.</summary>
public struct Boolean
{
    /// <summary>The value.</summary>
    private bool _value;

    /// <summary>"True" or "False", as .NET prints them.</summary>
    public override string ToString() => _value ? "True" : "False";
}

/// <summary>A UTF-16 code unit.</summary>
public struct Char
{
    /// <summary>The value.</summary>
    private char _value;

    /// <summary>Largest value.</summary>
    public const char MaxValue = '\uffff';

    /// <summary>A one-character string.</summary>
    public override string ToString() => string.FromChar(_value);
}

/// <summary>A signed byte.</summary>
public struct SByte
{
    /// <summary>The value.</summary>
    private sbyte _value;

    /// <summary>Largest value.</summary>
    public const sbyte MaxValue = 0x7f;
    /// <summary>Smallest value.</summary>
    public const sbyte MinValue = -0x80;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A byte.</summary>
public struct Byte
{
    /// <summary>The value.</summary>
    private byte _value;

    /// <summary>Largest value.</summary>
    public const byte MaxValue = 0xff;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A 16-bit integer.</summary>
public struct Int16
{
    /// <summary>The value.</summary>
    private short _value;

    /// <summary>Largest value.</summary>
    public const short MaxValue = 0x7fff;
    /// <summary>Smallest value.</summary>
    public const short MinValue = -0x8000;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A 16-bit unsigned integer.</summary>
public struct UInt16
{
    /// <summary>The value.</summary>
    private ushort _value;

    /// <summary>Largest value.</summary>
    public const ushort MaxValue = 0xffff;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A 32-bit integer.</summary>
public struct Int32
{
    /// <summary>The value.</summary>
    private int _value;

    /// <summary>Largest value.</summary>
    public const int MaxValue = 0x7fffffff;
    /// <summary>Smallest value.</summary>
    public const int MinValue = unchecked((int)0x80000000);

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A 32-bit unsigned integer.</summary>
public struct UInt32
{
    /// <summary>The value.</summary>
    private uint _value;

    /// <summary>Largest value.</summary>
    public const uint MaxValue = 0xffffffff;
    /// <summary>Smallest value.</summary>
    public const uint MinValue = 0;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A 64-bit integer.</summary>
public struct Int64
{
    /// <summary>The value.</summary>
    private long _value;

    /// <summary>Largest value.</summary>
    public const long MaxValue = 0x7fffffffffffffff;
    /// <summary>Smallest value.</summary>
    public const long MinValue = unchecked((long)0x8000000000000000);

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A 64-bit unsigned integer.</summary>
public struct UInt64
{
    /// <summary>The value.</summary>
    private ulong _value;

    /// <summary>Largest value.</summary>
    public const ulong MaxValue = 0xffffffffffffffff;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format(_value);
}

/// <summary>A pointer-sized integer.</summary>
public unsafe struct IntPtr
{
    /// <summary>The value.</summary>
    private void* _value;

    /// <summary>Wraps a value.</summary>
    public IntPtr(long value) => _value = (void*)value;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format((long)_value);
}

/// <summary>A pointer-sized unsigned integer.</summary>
public unsafe struct UIntPtr
{
    /// <summary>The value.</summary>
    private void* _value;

    /// <summary>Decimal digits.</summary>
    public override string ToString() => Number.Format((ulong)_value);
}

/// <summary>A single-precision float.</summary>
public struct Single
{
    /// <summary>The value.</summary>
    private float _value;
}

/// <summary>A double-precision float.</summary>
public struct Double
{
    /// <summary>The value.</summary>
    private double _value;
}
