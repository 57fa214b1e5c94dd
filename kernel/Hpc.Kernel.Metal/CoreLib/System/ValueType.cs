namespace System;

/// <summary>Base of every struct.</summary>
public abstract class ValueType
{
}

/// <summary>Base of every enum.</summary>
public abstract class Enum : ValueType
{
}

/// <summary>The type of a method returning nothing.</summary>
public struct Void
{
}
