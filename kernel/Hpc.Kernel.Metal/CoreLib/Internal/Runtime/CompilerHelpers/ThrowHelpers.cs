using System;

namespace Internal.Runtime.CompilerHelpers;

/// <summary>Throws the compiler emits calls to; every one ends in a panic on metal.</summary>
internal static class ThrowHelpers
{
    /// <summary>Null dereference caught by a check the compiler inserted.</summary>
    public static void ThrowNullReferenceException() => throw new NullReferenceException();

    /// <summary>Index outside an array.</summary>
    public static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();

    /// <summary>Integer division by zero (the compiler's explicit check).</summary>
    public static void ThrowDivideByZeroException() => throw new DivideByZeroException();

    /// <summary>Overflow in a checked context.</summary>
    public static void ThrowOverflowException() => throw new OverflowException();

    /// <summary>Wrong element type for an array store.</summary>
    public static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();

    /// <summary>Platform feature missing.</summary>
    public static void ThrowPlatformNotSupportedException() => throw new PlatformNotSupportedException();

    /// <summary>Not implemented.</summary>
    public static void ThrowNotImplementedException() => throw new NotImplementedException();

    /// <summary>Bad argument.</summary>
    public static void ThrowArgumentException() => throw new ArgumentException("Value does not fall within the expected range.");

    /// <summary>Argument out of range.</summary>
    public static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();

    /// <summary>A method whose body the compiler removed.</summary>
    public static void ThrowFeatureBodyRemoved() => throw new NotSupportedException("This feature was removed by the compiler.");

    /// <summary>A type the compiler could not load.</summary>
    public static void ThrowTypeLoadException(int id, string className, string typeName) =>
        throw new NotSupportedException("type not available on metal: " + typeName);

    /// <summary>A type the compiler could not load.</summary>
    public static void ThrowTypeLoadExceptionWithArgument(int id, string className, string typeName, string messageArg) =>
        throw new NotSupportedException("type not available on metal: " + typeName);

    /// <summary>A method the compiler could not find.</summary>
    public static void ThrowMissingMethodException(int id, string methodName) =>
        throw new NotSupportedException("method not available on metal: " + methodName);

    /// <summary>A field the compiler could not find.</summary>
    public static void ThrowMissingFieldException(int id, string fieldName) =>
        throw new NotSupportedException("field not available on metal: " + fieldName);

    /// <summary>An assembly the compiler could not find.</summary>
    public static void ThrowFileNotFoundException(int id, string fileName) =>
        throw new NotSupportedException("assembly not available on metal: " + fileName);

    /// <summary>Invalid IL.</summary>
    public static void ThrowInvalidProgramException(int id) => throw new NotSupportedException("invalid program");

    /// <summary>Invalid IL in a method.</summary>
    public static void ThrowInvalidProgramExceptionWithArgument(int id, string methodName) =>
        throw new NotSupportedException("invalid program: " + methodName);

    /// <summary>Bad image.</summary>
    public static void ThrowBadImageFormatException(int id) => throw new NotSupportedException("bad image format");

    /// <summary>Marshalling problem.</summary>
    public static void ThrowMarshalDirectiveException(int id) => throw new NotSupportedException("marshalling is not available on metal");

    /// <summary>Ambiguous match.</summary>
    public static void ThrowAmbiguousMatchException(int id) => throw new NotSupportedException("ambiguous match");
}
