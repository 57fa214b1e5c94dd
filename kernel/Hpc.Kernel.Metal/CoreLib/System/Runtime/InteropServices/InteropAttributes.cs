namespace System.Runtime.InteropServices;

/// <summary>How a struct's fields lie.</summary>
public enum LayoutKind
{
    /// <summary>In declaration order.</summary>
    Sequential = 0,
    /// <summary>At explicit offsets.</summary>
    Explicit = 2,
    /// <summary>As the runtime likes.</summary>
    Auto = 3,
}

/// <summary>A struct's layout.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class StructLayoutAttribute : Attribute
{
    /// <summary>The layout kind.</summary>
    public StructLayoutAttribute(LayoutKind layoutKind) => Value = layoutKind;

    /// <summary>The layout kind.</summary>
    public LayoutKind Value { get; }
#pragma warning disable CA1051 // The compiler reads these named fields.
    /// <summary>Packing.</summary>
    public int Pack;
    /// <summary>Size in bytes.</summary>
    public int Size;
#pragma warning restore CA1051
}

/// <summary>A field's offset in an explicit layout.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class FieldOffsetAttribute : Attribute
{
    /// <summary>The offset.</summary>
    public FieldOffsetAttribute(int offset) => Value = offset;

    /// <summary>The offset.</summary>
    public int Value { get; }
}

/// <summary>A method callable from native code under a symbol name.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnmanagedCallersOnlyAttribute : Attribute
{
#pragma warning disable CA1051 // The compiler reads these named fields.
    /// <summary>Calling conventions.</summary>
    public Type[]? CallConvs;
    /// <summary>The exported symbol.</summary>
    public string? EntryPoint;
#pragma warning restore CA1051
}

/// <summary>An out parameter.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OutAttribute : Attribute
{
}

/// <summary>An in parameter.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class InAttribute : Attribute
{
}
