namespace System.Collections;

/// <summary>Something to enumerate (the compiler needs the type for <c>foreach</c>; arrays are looped by index).</summary>
public interface IEnumerable
{
    /// <summary>An enumerator.</summary>
    IEnumerator GetEnumerator();
}

/// <summary>An enumerator.</summary>
public interface IEnumerator
{
    /// <summary>The current element.</summary>
    object? Current { get; }

    /// <summary>Moves to the next element.</summary>
    bool MoveNext();
}
