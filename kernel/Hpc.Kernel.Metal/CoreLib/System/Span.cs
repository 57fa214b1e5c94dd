using System.Runtime.CompilerServices;

namespace System;

/// <summary>A read-only view of contiguous elements (pointer and length; nothing moves without a collector).</summary>
public readonly ref struct ReadOnlySpan<T>
{
    /// <summary>The first element.</summary>
    private readonly ref T _reference;
    /// <summary>Number of elements.</summary>
    private readonly int _length;

    /// <summary>Views an array.</summary>
    public ReadOnlySpan(T[]? array)
    {
        if (array is null)
        {
            this = default;
            return;
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.As<RawArrayData>(array).Data);
        _length = array.Length;
    }

    /// <summary>Views unmanaged memory.</summary>
    public unsafe ReadOnlySpan(void* pointer, int length)
    {
        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    /// <summary>Views <paramref name="length"/> elements from <paramref name="reference"/>.</summary>
    internal ReadOnlySpan(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length => _length;

    /// <summary>True when empty.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public ref readonly T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return ref Unsafe.Add(ref _reference, index);
        }
    }

    /// <summary>The elements from <paramref name="start"/> on.</summary>
    public ReadOnlySpan<T> Slice(int start)
    {
        if ((uint)start > (uint)_length)
        {
            throw new ArgumentOutOfRangeException();
        }

        return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), _length - start);
    }

    /// <summary><paramref name="length"/> elements from <paramref name="start"/>.</summary>
    public ReadOnlySpan<T> Slice(int start, int length)
    {
        if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start))
        {
            throw new ArgumentOutOfRangeException();
        }

        return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
    }

    /// <summary>Copies the elements to <paramref name="destination"/> (at least as long).</summary>
    public void CopyTo(Span<T> destination)
    {
        if ((uint)_length > (uint)destination.Length)
        {
            throw new ArgumentException("Destination is too short.");
        }

        for (int i = 0; i < _length; i++)
        {
            destination[i] = Unsafe.Add(ref _reference, i);
        }
    }

    /// <summary>Views an array.</summary>
    public static implicit operator ReadOnlySpan<T>(T[]? array) => new(array);
}

/// <summary>A writable view of contiguous elements.</summary>
public readonly ref struct Span<T>
{
    /// <summary>The first element.</summary>
    private readonly ref T _reference;
    /// <summary>Number of elements.</summary>
    private readonly int _length;

    /// <summary>Views an array.</summary>
    public Span(T[]? array)
    {
        if (array is null)
        {
            this = default;
            return;
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.As<RawArrayData>(array).Data);
        _length = array.Length;
    }

    /// <summary>Views unmanaged memory.</summary>
    public unsafe Span(void* pointer, int length)
    {
        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length => _length;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return ref Unsafe.Add(ref _reference, index);
        }
    }

    /// <summary>Views <paramref name="length"/> elements from <paramref name="reference"/>.</summary>
    internal Span(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    /// <summary>The elements from <paramref name="start"/> on.</summary>
    public Span<T> Slice(int start)
    {
        if ((uint)start > (uint)_length)
        {
            throw new ArgumentOutOfRangeException();
        }

        return new Span<T>(ref Unsafe.Add(ref _reference, start), _length - start);
    }

    /// <summary><paramref name="length"/> elements from <paramref name="start"/>.</summary>
    public Span<T> Slice(int start, int length)
    {
        if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start))
        {
            throw new ArgumentOutOfRangeException();
        }

        return new Span<T>(ref Unsafe.Add(ref _reference, start), length);
    }

    /// <summary>Views an array.</summary>
    public static implicit operator Span<T>(T[]? array) => new(array);

    /// <summary>A read-only view of the same elements.</summary>
    public static implicit operator ReadOnlySpan<T>(Span<T> span) => new(ref span._reference, span._length);
}

/// <summary>How an array's payload lies: length, padding, then the elements.</summary>
internal sealed class RawArrayData
{
#pragma warning disable CS0649, CA1051 // Overlay only.
    /// <summary>Number of elements.</summary>
    public uint Length;
    /// <summary>Padding to 8 bytes.</summary>
    public uint Padding;
    /// <summary>The first element's first byte.</summary>
    public byte Data;
#pragma warning restore CS0649, CA1051
}
