namespace System.Runtime.CompilerServices;

/// <summary>Marks a method the compiler may expand itself.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Field)]
internal sealed class IntrinsicAttribute : Attribute
{
}

/// <summary>Extension methods.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)]
public sealed class ExtensionAttribute : Attribute
{
}

/// <summary>Compiler-generated code.</summary>
[AttributeUsage(AttributeTargets.All, Inherited = true)]
public sealed class CompilerGeneratedAttribute : Attribute
{
}

/// <summary>The name of an indexer.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IndexerNameAttribute : Attribute
{
    /// <summary>Names the indexer.</summary>
    public IndexerNameAttribute(string indexerName) => IndexerName = indexerName;

    /// <summary>The name.</summary>
    public string IndexerName { get; }
}

/// <summary>A ref struct.</summary>
[AttributeUsage(AttributeTargets.Struct)]
public sealed class IsByRefLikeAttribute : Attribute
{
}

/// <summary>A readonly struct or ref readonly.</summary>
[AttributeUsage(AttributeTargets.All, Inherited = false)]
public sealed class IsReadOnlyAttribute : Attribute
{
}

/// <summary>The volatile modifier (modreq).</summary>
public static class IsVolatile
{
}

/// <summary>Unmanaged constraint marker.</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class IsUnmanagedAttribute : Attribute
{
}

/// <summary>Fixed-size buffers.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class FixedBufferAttribute : Attribute
{
    /// <summary>Describes the buffer.</summary>
    public FixedBufferAttribute(Type elementType, int length)
    {
        ElementType = elementType;
        Length = length;
    }

    /// <summary>Element type.</summary>
    public Type ElementType { get; }
    /// <summary>Element count.</summary>
    public int Length { get; }
}

/// <summary>How a method is compiled.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor)]
public sealed class MethodImplAttribute : Attribute
{
    /// <summary>Options.</summary>
    public MethodImplAttribute(MethodImplOptions options) => Value = options;

    /// <summary>Options.</summary>
    public MethodImplAttribute(short options) => Value = (MethodImplOptions)options;

    /// <summary>Options.</summary>
    public MethodImplOptions Value { get; }
}

/// <summary>Method compilation options.</summary>
[Flags]
public enum MethodImplOptions
{
    /// <summary>Nothing special.</summary>
    Unmanaged = 0x0004,
    /// <summary>Never inline.</summary>
    NoInlining = 0x0008,
    /// <summary>Keep the frame.</summary>
    NoOptimization = 0x0040,
    /// <summary>Inline when possible.</summary>
    AggressiveInlining = 0x0100,
    /// <summary>Optimize fully.</summary>
    AggressiveOptimization = 0x0200,
    /// <summary>Implemented by the runtime.</summary>
    InternalCall = 0x1000,
}

/// <summary>What the runtime supports (the compiler checks these names).</summary>
public static class RuntimeFeature
{
    /// <summary>Ref fields in ref structs.</summary>
    public const string ByRefFields = nameof(ByRefFields);
    /// <summary>Default interface methods.</summary>
    public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
    /// <summary>Static abstract interface members.</summary>
    public const string VirtualStaticsInInterfaces = nameof(VirtualStaticsInInterfaces);
    /// <summary>nint is IntPtr.</summary>
    public const string NumericIntPtr = nameof(NumericIntPtr);
    /// <summary>Unmanaged function pointer calling conventions.</summary>
    public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
}

/// <summary>Compiler helpers the C# compiler calls.</summary>
public static class RuntimeHelpers
{
    /// <summary>Offset from an array reference to its first element (the compiler reads this for fixed on arrays).</summary>
    public static int OffsetToStringData => 12;

    /// <summary>Copies an array initializer's bytes into the array (the compiler usually expands this itself).</summary>
    [Intrinsic]
    public static unsafe void InitializeArray(Array array, RuntimeFieldHandle fieldHandle) => throw new PlatformNotSupportedException();

    /// <summary>True when <typeparamref name="T"/> holds references.</summary>
    [Intrinsic]
    public static bool IsReferenceOrContainsReferences<T>() => throw new PlatformNotSupportedException();
}

/// <summary>The C# compiler's switch on strings and other helpers ask for this type.</summary>
[AttributeUsage(AttributeTargets.Module)]
public sealed class RefSafetyRulesAttribute : Attribute
{
    /// <summary>The rules version.</summary>
    public RefSafetyRulesAttribute(int version) => Version = version;

    /// <summary>The rules version.</summary>
    public int Version { get; }
}

/// <summary>Marks a parameter scoped.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ScopedRefAttribute : Attribute
{
}

/// <summary>Nullable annotations.</summary>
[AttributeUsage(AttributeTargets.All, Inherited = false)]
public sealed class NullableAttribute : Attribute
{
    /// <summary>One flag.</summary>
    public NullableAttribute(byte flag) => Flags = new[] { flag };

    /// <summary>Flags.</summary>
    public NullableAttribute(byte[] flags) => Flags = flags;

    /// <summary>The flags.</summary>
    public byte[] Flags { get; }
}

/// <summary>Nullable context.</summary>
[AttributeUsage(AttributeTargets.All, Inherited = false)]
public sealed class NullableContextAttribute : Attribute
{
    /// <summary>The flag.</summary>
    public NullableContextAttribute(byte flag) => Flag = flag;

    /// <summary>The flag.</summary>
    public byte Flag { get; }
}

/// <summary>Nullable public-only marker.</summary>
[AttributeUsage(AttributeTargets.Module, Inherited = false)]
public sealed class NullablePublicOnlyAttribute : Attribute
{
    /// <summary>The flag.</summary>
    public NullablePublicOnlyAttribute(bool includesInternals) => IncludesInternals = includesInternals;

    /// <summary>The flag.</summary>
    public bool IncludesInternals { get; }
}

/// <summary>Lets another assembly see internals (accepted, meaningless in one image).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class InternalsVisibleToAttribute : Attribute
{
    /// <summary>Names the assembly.</summary>
    public InternalsVisibleToAttribute(string assemblyName) => AssemblyName = assemblyName;

    /// <summary>The assembly.</summary>
    public string AssemblyName { get; }
}
