namespace System.Diagnostics;

/// <summary>Assertions: compiled out of release builds (the metal image is always a release build).</summary>
public static class Debug
{
    /// <summary>Checks a condition in debug builds.</summary>
    [Conditional("DEBUG")]
    public static void Assert(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("assertion failed");
        }
    }

    /// <summary>Checks a condition in debug builds.</summary>
    [Conditional("DEBUG")]
    public static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}

/// <summary>Calls compiled only when a symbol is defined.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ConditionalAttribute : Attribute
{
    /// <summary>Names the symbol.</summary>
    public ConditionalAttribute(string conditionString) => ConditionString = conditionString;

    /// <summary>The symbol.</summary>
    public string ConditionString { get; }
}
