namespace System.Runtime.CompilerServices;

/// <summary>
/// Untyped memory operations. Each method is an intrinsic the compiler replaces with IL of its own; the bodies
/// only run if it ever did not, and then they fail loudly.
/// </summary>
public static unsafe class Unsafe
{
    /// <summary>Reinterprets a reference.</summary>
    [Intrinsic]
    public static T As<T>(object? o) where T : class? => throw new PlatformNotSupportedException();

    /// <summary>Reinterprets a managed pointer.</summary>
    [Intrinsic]
    public static ref TTo As<TFrom, TTo>(ref TFrom source) => throw new PlatformNotSupportedException();

    /// <summary>A managed pointer to unmanaged memory.</summary>
    [Intrinsic]
    public static ref T AsRef<T>(void* source) => throw new PlatformNotSupportedException();

    /// <summary>Drops readonly-ness.</summary>
    [Intrinsic]
    public static ref T AsRef<T>(scoped ref readonly T source) => throw new PlatformNotSupportedException();

    /// <summary>The address a managed pointer holds.</summary>
    [Intrinsic]
    public static void* AsPointer<T>(ref T value) => throw new PlatformNotSupportedException();

    /// <summary>Size of <typeparamref name="T"/> in bytes.</summary>
    [Intrinsic]
    public static int SizeOf<T>() => throw new PlatformNotSupportedException();

    /// <summary>Advances a managed pointer by elements.</summary>
    [Intrinsic]
    public static ref T Add<T>(ref T source, int elementOffset) => throw new PlatformNotSupportedException();

    /// <summary>Advances a managed pointer by elements.</summary>
    [Intrinsic]
    public static ref T Add<T>(ref T source, nint elementOffset) => throw new PlatformNotSupportedException();

    /// <summary>Advances a managed pointer by bytes.</summary>
    [Intrinsic]
    public static ref T AddByteOffset<T>(ref T source, nint byteOffset) => throw new PlatformNotSupportedException();

    /// <summary>True when both point at the same place.</summary>
    [Intrinsic]
    public static bool AreSame<T>(ref readonly T left, ref readonly T right) => throw new PlatformNotSupportedException();

    /// <summary>Reads a possibly unaligned value.</summary>
    [Intrinsic]
    public static T ReadUnaligned<T>(void* source) => throw new PlatformNotSupportedException();

    /// <summary>Writes a possibly unaligned value.</summary>
    [Intrinsic]
    public static void WriteUnaligned<T>(void* destination, T value) => throw new PlatformNotSupportedException();

    /// <summary>A null managed pointer.</summary>
    [Intrinsic]
    public static ref T NullRef<T>() => throw new PlatformNotSupportedException();

    /// <summary>True for a null managed pointer.</summary>
    [Intrinsic]
    public static bool IsNullRef<T>(ref readonly T source) => throw new PlatformNotSupportedException();
}
