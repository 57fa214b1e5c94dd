using System.Runtime.CompilerServices;

namespace System;

/// <summary>Base of every array: the length follows the MethodTable pointer, then padding, then the elements.</summary>
public abstract class Array
{
#pragma warning disable CS0649, CS0169 // Written by the allocator.
    /// <summary>Number of elements.</summary>
    private int _length;
    /// <summary>Pads the header to 16 bytes on 64-bit.</summary>
    private int _padding;
#pragma warning restore CS0649, CS0169

    /// <summary>Number of elements.</summary>
    public int Length => _length;
}

/// <summary>The compiler's base for single-dimension, zero-based arrays of <typeparamref name="T"/>.</summary>
#pragma warning disable CA1812 // Instantiated by the compiler.
internal class Array<T> : Array
#pragma warning restore CA1812
{
}
