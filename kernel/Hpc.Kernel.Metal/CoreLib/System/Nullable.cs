namespace System;

/// <summary>A value type that may hold no value.</summary>
public struct Nullable<T> where T : struct
{
    /// <summary>True when a value is held.</summary>
    private readonly bool _hasValue;
    /// <summary>The value (default when none).</summary>
    private readonly T _value;

    /// <summary>Holds <paramref name="value"/>.</summary>
    public Nullable(T value)
    {
        _hasValue = true;
        _value = value;
    }

    /// <summary>True when a value is held.</summary>
    public readonly bool HasValue => _hasValue;

    /// <summary>The value; panics when none is held.</summary>
    public readonly T Value => _hasValue ? _value : throw new InvalidOperationException("Nullable object must have a value.");

    /// <summary>The value or default.</summary>
    public readonly T GetValueOrDefault() => _value;

    /// <summary>Wraps a value.</summary>
    public static implicit operator T?(T value) => new Nullable<T>(value);

    /// <summary>Unwraps a value.</summary>
    public static explicit operator T(T? value) => value!.Value;
}
