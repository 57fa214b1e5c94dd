namespace System;

/// <summary>The root of every reference type: its first word is the MethodTable pointer the compiler lays out.</summary>
public unsafe class Object
{
#pragma warning disable CS0169, CS0649 // Written by the allocator, read through pointers.
    /// <summary>The object's type (set by the allocator).</summary>
    internal Internal.Runtime.MethodTable* _methodTable;
#pragma warning restore CS0169, CS0649

    /// <summary>Creates an object.</summary>
    public Object()
    {
    }

    /// <summary>Reference equality (the metal core library has no value equality on objects).</summary>
    public virtual bool Equals(object? other) => ReferenceEquals(this, other);

    /// <summary>The object's address bits (no moving collector, so it is stable).</summary>
    public virtual int GetHashCode()
    {
        object self = this;
        nint address = System.Runtime.CompilerServices.Unsafe.As<object, nint>(ref self);
        return (int)address ^ (int)(address >> 32);
    }

    /// <summary>A fixed description; value types override it.</summary>
    public virtual string ToString() => "object";

    /// <summary>Finalizers never run (no collector).</summary>
#pragma warning disable CA1821 // The compiler needs the slot.
    ~Object()
    {
    }
#pragma warning restore CA1821

    /// <summary>True when both references are the same object.</summary>
    public static bool ReferenceEquals(object? a, object? b) => a == b;

    /// <summary>The object's MethodTable.</summary>
    internal Internal.Runtime.MethodTable* RawMethodTable => _methodTable;
}
