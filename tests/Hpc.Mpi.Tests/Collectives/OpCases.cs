namespace Hpc.Mpi.Tests.Collectives;

/// <summary>The operation cases.</summary>
internal static class OpCases
{
    /// <summary>Sum of wrapping 32-bit integers.</summary>
    public static OpCase<int> IntSum { get; } = new("int Sum", Op<int>.Sum, static (a, b) => unchecked(a + b), Ranks.Mix);

    /// <summary>Sum of integer-valued doubles: exact in any order.</summary>
    public static OpCase<double> DoubleSum { get; } = new("double Sum", Op<double>.Sum, static (a, b) => a + b, SmallDouble);

    /// <summary>Composition of affine maps: associative, not commutative.</summary>
    public static OpCase<Affine> AffineThen { get; } =
        new("Affine Then", Op<Affine>.Create(Affine.Then, commutative: false), Affine.Then, Affine.For);

    /// <summary>A commutative user operation.</summary>
    public static OpCase<long> UserMaxAbs { get; } =
        new("long user MaxAbs", Op<long>.Create(static (a, b) => Math.Max(Math.Abs(a), Math.Abs(b))), static (a, b) => Math.Max(Math.Abs(a), Math.Abs(b)), static (r, i) => Ranks.Mix(r, i) >> 1);

    /// <summary>Every built-in operation on int, each on values that exercise it.</summary>
    public static IEnumerable<OpCase<int>> IntOps()
    {
        yield return IntSum;
        yield return new("int Prod", Op<int>.Prod, static (a, b) => unchecked(a * b), Ranks.Mix);
        yield return new("int Min", Op<int>.Min, Math.Min, Ranks.Mix);
        yield return new("int Max", Op<int>.Max, Math.Max, Ranks.Mix);
        yield return new("int LogicalAnd", Op<int>.LogicalAnd, static (a, b) => a != 0 && b != 0 ? 1 : 0, MostlyTrue);
        yield return new("int LogicalOr", Op<int>.LogicalOr, static (a, b) => a != 0 || b != 0 ? 1 : 0, MostlyFalse);
        yield return new("int LogicalXor", Op<int>.LogicalXor, static (a, b) => (a != 0) != (b != 0) ? 1 : 0, Ranks.Mix);
        yield return new("int BitwiseAnd", Op<int>.BitwiseAnd, static (a, b) => a & b, static (r, i) => Ranks.Mix(r, i) | Ranks.Mix(r + 1, i));
        yield return new("int BitwiseOr", Op<int>.BitwiseOr, static (a, b) => a | b, static (r, i) => Ranks.Mix(r, i) & Ranks.Mix(r + 1, i) & Ranks.Mix(r + 2, i));
        yield return new("int BitwiseXor", Op<int>.BitwiseXor, static (a, b) => a ^ b, Ranks.Mix);
    }

    /// <summary>The arithmetic operations on double, on values that keep every order exact.</summary>
    public static IEnumerable<OpCase<double>> DoubleOps()
    {
        yield return DoubleSum;
        yield return new("double Prod", Op<double>.Prod, static (a, b) => a * b, static (r, i) => s_powersOfTwo[(uint)Ranks.Mix(r, i) % 5]);
        yield return new("double Min", Op<double>.Min, Math.Min, SmallDouble);
        yield return new("double Max", Op<double>.Max, Math.Max, SmallDouble);
        yield return new("double LogicalOr", Op<double>.LogicalOr, static (a, b) => a != 0 || b != 0 ? 1 : 0, static (r, i) => MostlyFalse(r, i) * 0.5);
    }

    /// <summary>Factors whose products are exact: signed powers of two.</summary>
    private static readonly double[] s_powersOfTwo = [0.5, 1, 2, -1, -2];

    /// <summary>An integer in [-1000, 1000] as a double: sums of 64 of them are exact.</summary>
    private static double SmallDouble(int rank, int index) => Ranks.Mix(rank, index) % 1001;

    /// <summary>Non-zero except for about one rank in 40 per index, so that AND results vary.</summary>
    private static int MostlyTrue(int rank, int index) => (uint)Ranks.Mix(rank, index) % 40 == 0 ? 0 : Ranks.Mix(rank, index) | 1;

    /// <summary>Zero except for about one rank in 40 per index, so that OR results vary.</summary>
    private static int MostlyFalse(int rank, int index) => (uint)Ranks.Mix(rank, index) % 40 == 0 ? 3 : 0;
}
