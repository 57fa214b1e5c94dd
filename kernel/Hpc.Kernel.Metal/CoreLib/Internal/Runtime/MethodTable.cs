using System;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

/// <summary>
/// The compiler's type descriptor, as ILC lays it out without dehydration: flags (low 16 bits = element size of
/// arrays and strings), base size, related type (parent, or element type of arrays), vtable and interface counts,
/// hash, then the vtable slots and the interface map.
/// </summary>
internal unsafe struct MethodTable
{
    /// <summary>Flag: the low 16 bits hold a component size (arrays, strings).</summary>
    private const uint HasComponentSizeFlag = 0x80000000;
    /// <summary>Mask of the kind bits.</summary>
    private const uint KindMask = 0x00030000;
    /// <summary>Kind of arrays and pointers.</summary>
    private const uint ParameterizedKind = 0x00020000;

    /// <summary>Flags and component size.</summary>
    private readonly uint _flags;
    /// <summary>Size of an instance (of the fixed part for arrays and strings), header included.</summary>
    private readonly uint _baseSize;
    /// <summary>Parent type, or element type for arrays.</summary>
    private readonly MethodTable* _relatedType;
    /// <summary>Number of vtable slots.</summary>
    private readonly ushort _vtableSlotCount;
    /// <summary>Number of interfaces in the map.</summary>
    private readonly ushort _interfaceCount;
    /// <summary>Type hash.</summary>
    private readonly uint _hashCode;

    /// <summary>Bytes of an instance, or the fixed part of an array or string.</summary>
    public uint BaseSize => _baseSize;

    /// <summary>Bytes per element of an array or string (0 otherwise).</summary>
    public ushort ComponentSize => (_flags & HasComponentSizeFlag) != 0 ? (ushort)_flags : (ushort)0;

    /// <summary>True for array (and other parameterized) types.</summary>
    public bool IsParameterized => (_flags & KindMask) == ParameterizedKind;

    /// <summary>The parent of a class (null for Object), or the element type of an array.</summary>
    public MethodTable* RelatedType => _relatedType;

    /// <summary>Number of vtable slots.</summary>
    public int VtableSlotCount => _vtableSlotCount;

    /// <summary>Number of interfaces implemented.</summary>
    public int InterfaceCount => _interfaceCount;

    /// <summary>The interface map (follows the vtable).</summary>
    public MethodTable** InterfaceMap
    {
        get
        {
            fixed (MethodTable* self = &this)
            {
                return (MethodTable**)((byte*)self + sizeof(MethodTable) + _vtableSlotCount * sizeof(nint));
            }
        }
    }

    /// <summary>The MethodTable of <typeparamref name="T"/> (the compiler expands this).</summary>
    [Intrinsic]
    public static MethodTable* Of<T>() => throw new PlatformNotSupportedException();
}
