using System.Numerics;

namespace Hpc.Mpi;

/// <summary>
/// Finds the built-in operations for the element types known at compile time, so that the unconstrained properties
/// of <see cref="Op{T}"/> can reach the constrained factories of <see cref="Op"/> without reflection (which native
/// AOT could not honour). Each <c>typeof</c> test is a JIT-time constant, so only one branch survives per type.
/// </summary>
internal static class PrimitiveOps
{
    /// <summary>The element types with built-in operations.</summary>
    private static readonly Type[] s_builtInTypes =
    [
        typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(nint), typeof(nuint), typeof(Int128), typeof(UInt128), typeof(Half), typeof(float), typeof(double),
        typeof(decimal), typeof(Complex), typeof(bool),
    ];

    /// <summary>Whether <paramref name="type"/> is one of the element types with built-in operations.</summary>
    public static bool IsBuiltInType(Type type) => Array.IndexOf(s_builtInTypes, type) >= 0;

    /// <summary>The built-in <paramref name="kind"/> for <typeparamref name="T"/>, or null if there is none.</summary>
    public static Op<T>? Create<T>(OpKind kind)
        where T : unmanaged
    {
        object? op =
            typeof(T) == typeof(sbyte) ? Integer<sbyte>(kind) :
            typeof(T) == typeof(byte) ? Integer<byte>(kind) :
            typeof(T) == typeof(short) ? Integer<short>(kind) :
            typeof(T) == typeof(ushort) ? Integer<ushort>(kind) :
            typeof(T) == typeof(int) ? Integer<int>(kind) :
            typeof(T) == typeof(uint) ? Integer<uint>(kind) :
            typeof(T) == typeof(long) ? Integer<long>(kind) :
            typeof(T) == typeof(ulong) ? Integer<ulong>(kind) :
            typeof(T) == typeof(nint) ? Integer<nint>(kind) :
            typeof(T) == typeof(nuint) ? Integer<nuint>(kind) :
            typeof(T) == typeof(Int128) ? Integer<Int128>(kind) :
            typeof(T) == typeof(UInt128) ? Integer<UInt128>(kind) :
            typeof(T) == typeof(Half) ? Real<Half>(kind) :
            typeof(T) == typeof(float) ? Real<float>(kind) :
            typeof(T) == typeof(double) ? Real<double>(kind) :
            typeof(T) == typeof(decimal) ? Real<decimal>(kind) :
            typeof(T) == typeof(Complex) ? Arithmetic<Complex>(kind) :
            typeof(T) == typeof(bool) ? Boolean(kind) :
            null;
        return (Op<T>?)op;
    }

    /// <summary>Every built-in operation for an integer type.</summary>
    private static Op<T> Integer<T>(OpKind kind)
        where T : unmanaged, IBinaryInteger<T> => kind switch
        {
            OpKind.BitwiseAnd => Op.BitwiseAnd<T>(),
            OpKind.BitwiseOr => Op.BitwiseOr<T>(),
            OpKind.BitwiseXor => Op.BitwiseXor<T>(),
            _ => Real<T>(kind)!,
        };

    /// <summary>The operations of an ordered number type: arithmetic, logical, minimum and maximum.</summary>
    private static Op<T>? Real<T>(OpKind kind)
        where T : unmanaged, INumber<T> => kind switch
        {
            OpKind.Min => Op.Min<T>(),
            OpKind.Max => Op.Max<T>(),
            _ => Arithmetic<T>(kind),
        };

    /// <summary>The operations of any number type: sum, product and the logical ones.</summary>
    private static Op<T>? Arithmetic<T>(OpKind kind)
        where T : unmanaged, INumberBase<T> => kind switch
        {
            OpKind.Sum => Op.Sum<T>(),
            OpKind.Prod => Op.Prod<T>(),
            OpKind.LogicalAnd => Op.LogicalAnd<T>(),
            OpKind.LogicalOr => Op.LogicalOr<T>(),
            OpKind.LogicalXor => Op.LogicalXor<T>(),
            _ => null,
        };

    /// <summary>The logical operations of <see cref="bool"/>.</summary>
    private static Op<bool>? Boolean(OpKind kind) => kind switch
    {
        OpKind.LogicalAnd => Op<bool>.GetOrAddBuiltIn(kind, LogicalKernels.And),
        OpKind.LogicalOr => Op<bool>.GetOrAddBuiltIn(kind, LogicalKernels.Or),
        OpKind.LogicalXor => Op<bool>.GetOrAddBuiltIn(kind, LogicalKernels.Xor),
        _ => null,
    };
}
