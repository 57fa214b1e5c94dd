namespace System;

/// <summary>
/// A delegate: the compiler creates it through one of the Initialize methods and invokes
/// <c>_functionPointer(_firstParameter, args...)</c>; thunks use the helper object and extra pointer.
/// </summary>
public abstract class Delegate
{
#pragma warning disable CS0649, CS0169, IDE0044 // Read by compiler-generated invoke stubs.
    /// <summary>The target (or the delegate itself for thunked delegates).</summary>
    internal object? _firstParameter;
    /// <summary>The closed-over first argument of static thunks, or the invocation list.</summary>
    internal object? _helperObject;
    /// <summary>The real target behind a thunk, or the invocation count.</summary>
    internal nint _extraFunctionPointerOrData;
    /// <summary>The code invoked.</summary>
    internal nint _functionPointer;
#pragma warning restore CS0649, CS0169, IDE0044

    /// <summary>Instance method bound to its target.</summary>
    private void InitializeClosedInstance(object firstParameter, nint functionPointer)
    {
        if (firstParameter is null)
        {
            throw new NullReferenceException();
        }

        _functionPointer = functionPointer;
        _firstParameter = firstParameter;
    }

    /// <summary>Instance method bound to its target, with a slow path for value-type targets (same shape here).</summary>
    private void InitializeClosedInstanceSlow(object firstParameter, nint functionPointer)
    {
        _functionPointer = functionPointer;
        _firstParameter = firstParameter;
    }

    /// <summary>Static method closed over its first argument, called through a thunk.</summary>
    private void InitializeClosedStaticThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _extraFunctionPointerOrData = functionPointer;
        _helperObject = firstParameter;
        _functionPointer = functionPointerThunk;
        _firstParameter = this;
    }

    /// <summary>Static method, called through a thunk that drops the delegate argument.</summary>
    private void InitializeOpenStaticThunk(object? firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _firstParameter = this;
        _functionPointer = functionPointerThunk;
        _extraFunctionPointerOrData = functionPointer;
    }

    /// <summary>Open instance method, called through a thunk.</summary>
    private void InitializeOpenInstanceThunk(object? firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _firstParameter = this;
        _functionPointer = functionPointerThunk;
        _extraFunctionPointerOrData = functionPointer;
    }

    /// <summary>Interface method bound to its target (resolved now through the dispatch cell).</summary>
    private unsafe void InitializeClosedInstanceToInterface(object firstParameter, nint dispatchCell)
    {
        _functionPointer = Hpc.Kernel.Metal.Runtime.InterfaceDispatch.Resolve(firstParameter, dispatchCell);
        _firstParameter = firstParameter;
    }
}

/// <summary>Base of every delegate type (multicast delegates are not offered on metal).</summary>
public abstract class MulticastDelegate : Delegate
{
}

/// <summary>A method taking nothing, returning nothing.</summary>
public delegate void Action();

/// <summary>A method taking one argument.</summary>
public delegate void Action<in T>(T obj);

/// <summary>A method taking two arguments.</summary>
public delegate void Action<in T1, in T2>(T1 arg1, T2 arg2);

/// <summary>A method returning a value.</summary>
public delegate TResult Func<out TResult>();

/// <summary>A method taking one argument and returning a value.</summary>
public delegate TResult Func<in T, out TResult>(T arg);

/// <summary>A method taking two arguments and returning a value.</summary>
public delegate TResult Func<in T1, in T2, out TResult>(T1 arg1, T2 arg2);
