namespace System;

/// <summary>
/// Base of exceptions. On metal nothing catches: a throw is a panic that prints <see cref="Name"/>, the message,
/// the throwing address and its symbol.
/// </summary>
public class Exception
{
    /// <summary>Creates an exception with its type's default message.</summary>
    public Exception()
    {
        Message = "";
    }

    /// <summary>Creates an exception with a message.</summary>
    public Exception(string? message)
    {
        Message = message ?? "";
    }

    /// <summary>The message.</summary>
    public virtual string Message { get; }

    /// <summary>The type's name (no reflection on metal: each exception type states it).</summary>
    public virtual string Name => "System.Exception";
}

/// <summary>A failed dereference of null.</summary>
public sealed class NullReferenceException : Exception
{
    /// <summary>Creates it.</summary>
    public NullReferenceException() : base("Object reference not set to an instance of an object.") { }
    /// <inheritdoc/>
    public override string Name => "System.NullReferenceException";
}

/// <summary>An index outside an array.</summary>
public sealed class IndexOutOfRangeException : Exception
{
    /// <summary>Creates it.</summary>
    public IndexOutOfRangeException() : base("Index was outside the bounds of the array.") { }
    /// <inheritdoc/>
    public override string Name => "System.IndexOutOfRangeException";
}

/// <summary>A failed cast.</summary>
public sealed class InvalidCastException : Exception
{
    /// <summary>Creates it.</summary>
    public InvalidCastException() : base("Specified cast is not valid.") { }
    /// <inheritdoc/>
    public override string Name => "System.InvalidCastException";
}

/// <summary>An operation invalid in the current state.</summary>
public class InvalidOperationException : Exception
{
    /// <summary>Creates it.</summary>
    public InvalidOperationException(string message) : base(message) { }
    /// <inheritdoc/>
    public override string Name => "System.InvalidOperationException";
}

/// <summary>A bad argument.</summary>
public class ArgumentException : Exception
{
    /// <summary>Creates it.</summary>
    public ArgumentException(string message) : base(message) { }
    /// <inheritdoc/>
    public override string Name => "System.ArgumentException";
}

/// <summary>An argument out of its range.</summary>
public sealed class ArgumentOutOfRangeException : ArgumentException
{
    /// <summary>Creates it.</summary>
    public ArgumentOutOfRangeException() : base("Specified argument was out of the range of valid values.") { }
    /// <summary>Creates it with a message.</summary>
    public ArgumentOutOfRangeException(string message) : base(message) { }
    /// <inheritdoc/>
    public override string Name => "System.ArgumentOutOfRangeException";
}

/// <summary>A null argument.</summary>
public sealed class ArgumentNullException : ArgumentException
{
    /// <summary>Creates it.</summary>
    public ArgumentNullException(string name) : base("Value cannot be null: " + name) { }
    /// <inheritdoc/>
    public override string Name => "System.ArgumentNullException";
}

/// <summary>An arithmetic overflow in a checked context.</summary>
public sealed class OverflowException : Exception
{
    /// <summary>Creates it.</summary>
    public OverflowException() : base("Arithmetic operation resulted in an overflow.") { }
    /// <inheritdoc/>
    public override string Name => "System.OverflowException";
}

/// <summary>Integer division by zero.</summary>
public sealed class DivideByZeroException : Exception
{
    /// <summary>Creates it.</summary>
    public DivideByZeroException() : base("Attempted to divide by zero.") { }
    /// <inheritdoc/>
    public override string Name => "System.DivideByZeroException";
}

/// <summary>A store of the wrong type into an array.</summary>
public sealed class ArrayTypeMismatchException : Exception
{
    /// <summary>Creates it.</summary>
    public ArrayTypeMismatchException() : base("Attempted to access an element as a type incompatible with the array.") { }
    /// <inheritdoc/>
    public override string Name => "System.ArrayTypeMismatchException";
}

/// <summary>Something the metal core library does not offer.</summary>
public sealed class NotSupportedException : Exception
{
    /// <summary>Creates it.</summary>
    public NotSupportedException(string message) : base(message) { }
    /// <inheritdoc/>
    public override string Name => "System.NotSupportedException";
}

/// <summary>Not implemented.</summary>
public sealed class NotImplementedException : Exception
{
    /// <summary>Creates it.</summary>
    public NotImplementedException() : base("The method or operation is not implemented.") { }
    /// <inheritdoc/>
    public override string Name => "System.NotImplementedException";
}

/// <summary>The region allocator has no room left.</summary>
public sealed class OutOfMemoryException : Exception
{
    /// <summary>Creates it.</summary>
    public OutOfMemoryException(string message) : base(message) { }
    /// <inheritdoc/>
    public override string Name => "System.OutOfMemoryException";
}

/// <summary>A platform feature the metal runtime lacks.</summary>
public sealed class PlatformNotSupportedException : Exception
{
    /// <summary>Creates it.</summary>
    public PlatformNotSupportedException() : base("Operation is not supported on this platform.") { }
    /// <inheritdoc/>
    public override string Name => "System.PlatformNotSupportedException";
}
