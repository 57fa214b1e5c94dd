#pragma warning disable CS0169 // Handles are filled by the compiler.
namespace System;

/// <summary>A type handle (the MethodTable pointer).</summary>
public struct RuntimeTypeHandle
{
    /// <summary>The MethodTable.</summary>
    private readonly nint _value;
}

/// <summary>A method handle.</summary>
public struct RuntimeMethodHandle
{
    /// <summary>The handle.</summary>
    private readonly nint _value;
}

/// <summary>A field handle.</summary>
public struct RuntimeFieldHandle
{
    /// <summary>The handle.</summary>
    private readonly nint _value;
}

/// <summary>A type (no reflection on metal: only what the compiler needs).</summary>
public abstract class Type
{
}

/// <summary>Disposable resources (for <c>using</c>).</summary>
public interface IDisposable
{
    /// <summary>Releases the resource.</summary>
    void Dispose();
}

/// <summary>The compiler's concrete type object (no reflection on metal).</summary>
internal sealed class RuntimeType : Type
{
}
