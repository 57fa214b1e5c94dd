using System.Runtime.CompilerServices;

namespace System;

/// <summary>Math the kernel uses; also the division and overflow helpers the compiler looks up.</summary>
public static class Math
{
    /// <summary>π.</summary>
    public const double PI = 3.14159265358979323846;

    /// <summary>Square root (<c>sqrtsd</c>).</summary>
    [Intrinsic]
    public static double Sqrt(double d) => Sqrt(d);

    /// <summary>Absolute value.</summary>
    public static double Abs(double value) => value < 0 ? -value : value;

    /// <summary>Absolute value.</summary>
    public static int Abs(int value) => value < 0 ? -value : value;

    /// <summary>Absolute value.</summary>
    public static long Abs(long value) => value < 0 ? -value : value;

    /// <summary>Smaller value.</summary>
    public static int Min(int a, int b) => a < b ? a : b;

    /// <summary>Larger value.</summary>
    public static int Max(int a, int b) => a > b ? a : b;

    /// <summary>Smaller value.</summary>
    public static long Min(long a, long b) => a < b ? a : b;

    /// <summary>Larger value.</summary>
    public static long Max(long a, long b) => a > b ? a : b;

    /// <summary>Smaller value.</summary>
    public static double Min(double a, double b) => a < b ? a : b;

    /// <summary>Larger value.</summary>
    public static double Max(double a, double b) => a > b ? a : b;
}
