using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hpc.Mpi.Tests.Operations;

/// <summary>The built-in and user operations of <see cref="Op{T}"/> against scalar loops.</summary>
[TestFixture]
public sealed class OpTests
{
    /// <summary>The lengths every operation is checked at: empty, one, odd, and around vector-width multiples.</summary>
    private static readonly int[] s_lengths = [0, 1, 7, 1000, 1023];

    /// <summary>The operations defined for every number type, with their scalar meaning.</summary>
    private static readonly string[] s_numberOps = ["Sum", "Prod", "Min", "Max", "LogicalAnd", "LogicalOr", "LogicalXor"];

    /// <summary>The bitwise operations.</summary>
    private static readonly string[] s_bitwiseOps = ["BitwiseAnd", "BitwiseOr", "BitwiseXor"];

    /// <summary>Every number operation on int, long, double, float and byte, with a type witness to bind T.</summary>
    private static IEnumerable<TestCaseData> NumberCases()
    {
        object[] witnesses = [0, 0L, 0.0, 0f, (byte)0];
        foreach (object witness in witnesses)
        {
            foreach (string op in s_numberOps)
            {
                foreach (int length in s_lengths)
                {
                    yield return new TestCaseData(witness, op, length).SetArgDisplayNames(witness.GetType().Name, op, length.ToString());
                }
            }
        }
    }

    /// <summary>Every bitwise operation on int, long and byte.</summary>
    private static IEnumerable<TestCaseData> BitwiseCases()
    {
        object[] witnesses = [0, 0L, (byte)0];
        foreach (object witness in witnesses)
        {
            foreach (string op in s_bitwiseOps)
            {
                foreach (int length in s_lengths)
                {
                    yield return new TestCaseData(witness, op, length).SetArgDisplayNames(witness.GetType().Name, op, length.ToString());
                }
            }
        }
    }

    /// <summary>Each number operation equals its scalar definition element by element, NaN and signed zeros included.</summary>
    [TestCaseSource(nameof(NumberCases))]
    public void Apply_NumberOp_MatchesScalarLoop<T>(T witness, string name, int length)
        where T : unmanaged, INumber<T>
    {
        _ = witness;
        Op<T> op = name switch
        {
            "Sum" => Op<T>.Sum,
            "Prod" => Op<T>.Prod,
            "Min" => Op<T>.Min,
            "Max" => Op<T>.Max,
            "LogicalAnd" => Op<T>.LogicalAnd,
            "LogicalOr" => Op<T>.LogicalOr,
            _ => Op<T>.LogicalXor,
        };
        Func<T, T, T> scalar = name switch
        {
            "Sum" => static (a, b) => a + b,
            "Prod" => static (a, b) => a * b,
            "Min" => T.Min,
            "Max" => T.Max,
            "LogicalAnd" => static (a, b) => a != T.Zero && b != T.Zero ? T.One : T.Zero,
            "LogicalOr" => static (a, b) => a != T.Zero || b != T.Zero ? T.One : T.Zero,
            _ => static (a, b) => (a != T.Zero) != (b != T.Zero) ? T.One : T.Zero,
        };

        CheckAgainstScalar(op, scalar, length, seed: length + name.Length);
        Assert.That(op.IsCommutative, Is.True);
        Assert.That(op.Name, Is.EqualTo(name));
    }

    /// <summary>Each bitwise operation equals its scalar definition element by element.</summary>
    [TestCaseSource(nameof(BitwiseCases))]
    public void Apply_BitwiseOp_MatchesScalarLoop<T>(T witness, string name, int length)
        where T : unmanaged, IBinaryInteger<T>
    {
        _ = witness;
        (Op<T> op, Func<T, T, T> scalar) = name switch
        {
            "BitwiseAnd" => (Op<T>.BitwiseAnd, (Func<T, T, T>)(static (a, b) => a & b)),
            "BitwiseOr" => (Op<T>.BitwiseOr, static (a, b) => a | b),
            _ => (Op<T>.BitwiseXor, static (a, b) => a ^ b),
        };

        CheckAgainstScalar(op, scalar, length, seed: length + name.Length);
    }

    /// <summary>A user operation applies the function with the accumulator as the left operand.</summary>
    [Test]
    public void Apply_UserOp_AccumulatorIsLeftOperand()
    {
        Op<long> op = Op<long>.Create(static (a, b) => (a * 10) + b, commutative: false);
        long[] accumulator = [1, 2, 3];

        op.Apply([4, 5, 6], accumulator);

        Assert.That(accumulator, Is.EqualTo(new long[] { 14, 25, 36 }));
        Assert.That(op.IsCommutative, Is.False);
        Assert.That(op.Name, Is.EqualTo("User"));
    }

    /// <summary>A user operation on a struct matches its scalar loop at odd lengths.</summary>
    [Test]
    public void Apply_UserOpOnStruct_MatchesScalarLoop([Values(0, 1, 7, 1000, 1023)] int length)
    {
        Op<Affine> op = Op<Affine>.Create(Affine.Then, commutative: false);
        var random = new Random(length);
        Affine[] accumulator = [.. Enumerable.Range(0, length).Select(_ => Affine.Random(random))];
        Affine[] input = [.. Enumerable.Range(0, length).Select(_ => Affine.Random(random))];
        Affine[] expected = [.. accumulator.Zip(input, Affine.Then)];

        op.Apply(input, accumulator);

        Assert.That(accumulator, Is.EqualTo(expected));
    }

    /// <summary>The commutative flag of a user operation defaults to true.</summary>
    [Test]
    public void Create_WithoutFlag_IsCommutative() =>
        Assert.That(Op<int>.Create(static (a, b) => a + b).IsCommutative, Is.True);

    /// <summary>A null function is rejected.</summary>
    [Test]
    public void Create_NullFunction_Throws() =>
        Assert.That(() => Op<int>.Create(null!), Throws.ArgumentNullException);

    /// <summary>Spans of different lengths are rejected rather than partly combined.</summary>
    [Test]
    public void Apply_LengthMismatch_ThrowsArgumentException()
    {
        int[] accumulator = [1, 2];
        Assert.That(() => Op<int>.Sum.Apply([1, 2, 3], accumulator), Throws.ArgumentException);
    }

    /// <summary>The constrained factory and the property hand out the same cached instance.</summary>
    [Test]
    public void Factory_AndProperty_ReturnSameInstance()
    {
        Assert.That(Op.Sum<int>(), Is.SameAs(Op<int>.Sum));
        Assert.That(Op<double>.Max, Is.SameAs(Op.Max<double>()));
        Assert.That(Op<byte>.BitwiseXor, Is.SameAs(Op<byte>.BitwiseXor));
    }

    /// <summary>Bitwise operations on floating point do not exist; the message names the type and the reason.</summary>
    [Test]
    public void BitwiseAnd_OnDouble_ThrowsNotSupported() =>
        Assert.That(
            () => Op<double>.BitwiseAnd,
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("Op<Double>.BitwiseAnd").And.Message.Contains("not an integer type"));

    /// <summary>An element type that is no number has no arithmetic; the message points to the alternatives.</summary>
    [Test]
    public void Sum_OnUnknownStruct_ThrowsNotSupportedNamingAlternatives() =>
        Assert.That(
            () => Op<Affine>.Sum,
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("Op.Sum<Affine>()").And.Message.Contains("Op<Affine>.Create"));

    /// <summary>Booleans have the logical operations (non-canonical true values count as true) and nothing else.</summary>
    [Test]
    public void LogicalOps_OnBool_TreatAnyNonZeroByteAsTrue()
    {
        bool weirdTrue = Unsafe.BitCast<byte, bool>(2);
        bool[] and = [true, true, false, weirdTrue];
        bool[] or = [false, false, true, false];
        bool[] xor = [true, weirdTrue, false, false];

        Op<bool>.LogicalAnd.Apply([true, false, true, weirdTrue], and);
        Op<bool>.LogicalOr.Apply([false, weirdTrue, false, false], or);
        Op<bool>.LogicalXor.Apply([weirdTrue, true, false, true], xor);

        Assert.That(and, Is.EqualTo(new[] { true, false, false, true }));
        Assert.That(or, Is.EqualTo(new[] { false, true, true, false }));
        Assert.That(xor, Is.EqualTo(new[] { false, false, false, true }));
        Assert.That(() => Op<bool>.Sum, Throws.TypeOf<NotSupportedException>());
    }

    /// <summary>Minimum and maximum propagate NaN like Math.Min and Math.Max, and order -0 below +0.</summary>
    [Test]
    public void MinMax_OnNaNAndSignedZero_FollowMath()
    {
        double[] min = [double.NaN, 1.0, -0.0, 0.0];
        double[] max = [double.NaN, 1.0, -0.0, 0.0];

        Op<double>.Min.Apply([1.0, double.NaN, 0.0, -0.0], min);
        Op<double>.Max.Apply([1.0, double.NaN, 0.0, -0.0], max);

        Assert.That(min[..2], Is.All.NaN);
        Assert.That(max[..2], Is.All.NaN);
        Assert.That(double.IsNegative(min[2]) && double.IsNegative(min[3]), Is.True);
        Assert.That(double.IsPositive(max[2]) && double.IsPositive(max[3]), Is.True);
    }

    /// <summary>Sum exists for number types without an order (Complex), Min does not.</summary>
    [Test]
    public void Sum_OnComplex_AddsAndMinThrows()
    {
        Complex[] accumulator = [new(1, 2)];

        Op<Complex>.Sum.Apply([new Complex(3, 4)], accumulator);

        Assert.That(accumulator[0], Is.EqualTo(new Complex(4, 6)));
        Assert.That(() => Op<Complex>.Min, Throws.TypeOf<NotSupportedException>().With.Message.Contains("no ordering"));
    }

    /// <summary>The properties reach the built-in operations of every built-in number type, not only the common ones.</summary>
    [Test]
    public void Properties_OnEveryBuiltInNumberType_Combine()
    {
        CheckSumAndMax<sbyte>();
        CheckSumAndMax<ushort>();
        CheckSumAndMax<uint>();
        CheckSumAndMax<ulong>();
        CheckSumAndMax<nint>();
        CheckSumAndMax<nuint>();
        CheckSumAndMax<Int128>();
        CheckSumAndMax<UInt128>();
        CheckSumAndMax<Half>();
        CheckSumAndMax<decimal>();
        Assert.That(Op<UInt128>.BitwiseOr, Is.SameAs(Op.BitwiseOr<UInt128>()));
    }

    /// <summary>Checks Sum and Max of <typeparamref name="T"/> on two small vectors.</summary>
    private static void CheckSumAndMax<T>()
        where T : unmanaged, INumber<T>
    {
        T[] sum = [T.CreateChecked(1), T.CreateChecked(5)];
        T[] max = [T.CreateChecked(1), T.CreateChecked(5)];

        Op<T>.Sum.Apply([T.CreateChecked(3), T.CreateChecked(2)], sum);
        Op<T>.Max.Apply([T.CreateChecked(3), T.CreateChecked(2)], max);

        Assert.That(sum, Is.EqualTo(new[] { T.CreateChecked(4), T.CreateChecked(7) }), typeof(T).Name);
        Assert.That(max, Is.EqualTo(new[] { T.CreateChecked(3), T.CreateChecked(5) }), typeof(T).Name);
    }

    /// <summary>Runs <paramref name="op"/> over random data and compares it with <paramref name="scalar"/> applied element by element.</summary>
    private static void CheckAgainstScalar<T>(Op<T> op, Func<T, T, T> scalar, int length, int seed)
        where T : unmanaged, INumber<T>
    {
        var random = new Random(seed);
        T[] accumulator = [.. Enumerable.Range(0, length).Select(_ => NextValue<T>(random))];
        T[] input = [.. Enumerable.Range(0, length).Select(_ => NextValue<T>(random))];
        T[] expected = [.. accumulator.Zip(input, scalar)];

        op.Apply(input, accumulator);

        for (int i = 0; i < length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(accumulator[i], expected[i]) || T.IsNegative(accumulator[i]) != T.IsNegative(expected[i]))
            {
                Assert.Fail($"{op} at {i} of {length}: op({input[i]}) gave {accumulator[i]}, expected {expected[i]}");
            }
        }
    }

    /// <summary>A random value: a quarter zeros (for the logical operations), and for floating point also NaN, infinities and -0.</summary>
    private static T NextValue<T>(Random random)
        where T : INumber<T>
    {
        int pick = random.Next(16);
        bool floating = typeof(T) == typeof(double) || typeof(T) == typeof(float);
        if (pick < 4)
        {
            return T.Zero;
        }

        if (floating && pick < 8)
        {
            double[] specials = [double.NaN, -0.0, double.PositiveInfinity, double.NegativeInfinity];
            return T.CreateSaturating(specials[pick - 4]);
        }

        return floating ? T.CreateSaturating((random.NextDouble() - 0.5) * 2000) : T.CreateTruncating(random.NextInt64());
    }
}
