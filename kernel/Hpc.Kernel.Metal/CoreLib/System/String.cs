using System.Runtime.CompilerServices;

namespace System;

/// <summary>
/// An immutable UTF-16 string. Literals are frozen objects the compiler emits; new strings come from the region
/// allocator. Offers what the kernel needs: length, indexer, concatenation, equality.
/// </summary>
public sealed unsafe class String
{
    /// <summary>The empty string.</summary>
#pragma warning disable CA1805 // The compiler preinitialises it.
    public static readonly string Empty = "";
#pragma warning restore CA1805

#pragma warning disable CS0649 // Written by the allocator.
    /// <summary>Number of UTF-16 units.</summary>
    private readonly int _stringLength;
#pragma warning restore CS0649
    /// <summary>The first unit; the rest follow it in memory.</summary>
    private char _firstChar;

    /// <summary>Number of UTF-16 units.</summary>
    public int Length => _stringLength;

    /// <summary>The unit at <paramref name="index"/>.</summary>
    [IndexerName("Chars")]
    public char this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_stringLength)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return Unsafe.Add(ref _firstChar, index);
        }
    }

    /// <summary>Allocates a string of <paramref name="length"/> units, all zero.</summary>
    internal static string FastAllocate(int length)
    {
        if (length == 0)
        {
            return Empty;
        }

        return Unsafe.As<string>(Hpc.Kernel.Metal.Runtime.Allocation.NewArrayLike(Internal.Runtime.EETypes.String, (uint)length));
    }

    /// <summary>Where the units start.</summary>
    internal ref char FirstChar => ref _firstChar;

    /// <summary>A one-unit string.</summary>
    internal static string FromChar(char c)
    {
        string result = FastAllocate(1);
        result._firstChar = c;
        return result;
    }

    /// <summary>A string holding <paramref name="length"/> units from <paramref name="chars"/>.</summary>
    internal static string FromChars(char* chars, int length)
    {
        string result = FastAllocate(length);
        fixed (char* target = &result._firstChar)
        {
            Buffer.MemoryCopy(chars, target, length * 2L, length * 2L);
        }

        return result;
    }

    /// <summary><c>new string(char[])</c>: the compiler calls the static Ctor in place of the constructor.</summary>
#pragma warning disable CS0824, IDE0060 // Constructors of String are replaced by the static Ctor methods below.
    public extern String(char[] value);
    /// <summary><c>new string(char*, int, int)</c>.</summary>
    public extern String(char* value, int startIndex, int length);
    /// <summary><c>new string(char, int)</c>.</summary>
    public extern String(char c, int count);
#pragma warning restore CS0824, IDE0060

    /// <summary>Body of <c>new string(char[])</c>.</summary>
    private static string Ctor(char[] value)
    {
        fixed (char* chars = value)
        {
            return FromChars(chars, value.Length);
        }
    }

    /// <summary>Body of <c>new string(char*, int, int)</c>.</summary>
    private static string Ctor(char* value, int startIndex, int length) => FromChars(value + startIndex, length);

    /// <summary>Body of <c>new string(char, int)</c>.</summary>
    private static string Ctor(char c, int count)
    {
        string result = FastAllocate(count);
        fixed (char* target = &result._firstChar)
        {
            for (int i = 0; i < count; i++)
            {
                target[i] = c;
            }
        }

        return result;
    }

    /// <summary>Joins two strings.</summary>
    public static string Concat(string? a, string? b)
    {
        a ??= Empty;
        b ??= Empty;
        string result = FastAllocate(a._stringLength + b._stringLength);
        fixed (char* target = &result._firstChar, first = &a._firstChar, second = &b._firstChar)
        {
            Buffer.MemoryCopy(first, target, a._stringLength * 2L, a._stringLength * 2L);
            Buffer.MemoryCopy(second, target + a._stringLength, b._stringLength * 2L, b._stringLength * 2L);
        }

        return result;
    }

    /// <summary>Joins three strings.</summary>
    public static string Concat(string? a, string? b, string? c) => Concat(Concat(a, b), c);

    /// <summary>Joins four strings.</summary>
    public static string Concat(string? a, string? b, string? c, string? d) => Concat(Concat(a, b), Concat(c, d));

    /// <summary>Joins strings.</summary>
    public static string Concat(params string?[] values)
    {
        string result = Empty;
        for (int i = 0; i < values.Length; i++)
        {
            result = Concat(result, values[i]);
        }

        return result;
    }

    /// <summary>Ordinal equality.</summary>
    public static bool Equals(string? a, string? b)
    {
        if ((object?)a == b)
        {
            return true;
        }

        if (a is null || b is null || a._stringLength != b._stringLength)
        {
            return false;
        }

        for (int i = 0; i < a._stringLength; i++)
        {
            if (Unsafe.Add(ref a._firstChar, i) != Unsafe.Add(ref b._firstChar, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(string? a, string? b) => Equals(a, b);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(string? a, string? b) => !Equals(a, b);

    /// <summary>Ordinal equality with another object.</summary>
    public override bool Equals(object? other) => other is string s && Equals(this, s);

    /// <summary>FNV-1a over the units.</summary>
    public override int GetHashCode()
    {
        uint hash = 2166136261;
        for (int i = 0; i < _stringLength; i++)
        {
            hash = (hash ^ Unsafe.Add(ref _firstChar, i)) * 16777619;
        }

        return (int)hash;
    }

    /// <summary>The string itself.</summary>
    public override string ToString() => this;

    /// <summary>True when the string starts with <paramref name="prefix"/> (ordinal).</summary>
    public bool StartsWith(string prefix)
    {
        if (prefix._stringLength > _stringLength)
        {
            return false;
        }

        for (int i = 0; i < prefix._stringLength; i++)
        {
            if (Unsafe.Add(ref _firstChar, i) != Unsafe.Add(ref prefix._firstChar, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The units from <paramref name="start"/> on.</summary>
    public string Substring(int start) => Substring(start, _stringLength - start);

    /// <summary><paramref name="length"/> units from <paramref name="start"/>.</summary>
    public string Substring(int start, int length)
    {
        if ((uint)start > (uint)_stringLength || (uint)length > (uint)(_stringLength - start))
        {
            throw new ArgumentOutOfRangeException();
        }

        fixed (char* chars = &_firstChar)
        {
            return FromChars(chars + start, length);
        }
    }

    /// <summary>True when null or empty.</summary>
    public static bool IsNullOrEmpty(string? value) => value is null || value._stringLength == 0;
}
