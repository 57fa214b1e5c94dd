namespace Hpc.Mpi;

/// <summary>Which reduction an <see cref="Op{T}"/> performs; the built-in kinds are commutative.</summary>
internal enum OpKind
{
    /// <summary>Element-wise sum.</summary>
    Sum,

    /// <summary>Element-wise product.</summary>
    Prod,

    /// <summary>Element-wise minimum.</summary>
    Min,

    /// <summary>Element-wise maximum.</summary>
    Max,

    /// <summary>Logical AND: non-zero is true, the result is 1 or 0.</summary>
    LogicalAnd,

    /// <summary>Logical OR: non-zero is true, the result is 1 or 0.</summary>
    LogicalOr,

    /// <summary>Logical exclusive OR: non-zero is true, the result is 1 or 0.</summary>
    LogicalXor,

    /// <summary>Bitwise AND of integers.</summary>
    BitwiseAnd,

    /// <summary>Bitwise OR of integers.</summary>
    BitwiseOr,

    /// <summary>Bitwise exclusive OR of integers.</summary>
    BitwiseXor,

    /// <summary>Minimum of value-index pairs, the lower index on equal values.</summary>
    MinLoc,

    /// <summary>Maximum of value-index pairs, the lower index on equal values.</summary>
    MaxLoc,

    /// <summary>A user's operation made by <see cref="Op{T}.Create"/>.</summary>
    User,
}
