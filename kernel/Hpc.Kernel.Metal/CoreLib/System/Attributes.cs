namespace System;

/// <summary>Base of every attribute.</summary>
public abstract class Attribute
{
}

/// <summary>Where an attribute may be applied.</summary>
[Flags]
public enum AttributeTargets
{
    /// <summary>Assembly.</summary>
    Assembly = 0x0001,
    /// <summary>Module.</summary>
    Module = 0x0002,
    /// <summary>Class.</summary>
    Class = 0x0004,
    /// <summary>Struct.</summary>
    Struct = 0x0008,
    /// <summary>Enum.</summary>
    Enum = 0x0010,
    /// <summary>Constructor.</summary>
    Constructor = 0x0020,
    /// <summary>Method.</summary>
    Method = 0x0040,
    /// <summary>Property.</summary>
    Property = 0x0080,
    /// <summary>Field.</summary>
    Field = 0x0100,
    /// <summary>Event.</summary>
    Event = 0x0200,
    /// <summary>Interface.</summary>
    Interface = 0x0400,
    /// <summary>Parameter.</summary>
    Parameter = 0x0800,
    /// <summary>Delegate.</summary>
    Delegate = 0x1000,
    /// <summary>Return value.</summary>
    ReturnValue = 0x2000,
    /// <summary>Generic parameter.</summary>
    GenericParameter = 0x4000,
    /// <summary>Everything.</summary>
    All = 0x7FFF,
}

/// <summary>Declares where an attribute applies.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AttributeUsageAttribute : Attribute
{
    /// <summary>Declares the targets.</summary>
    public AttributeUsageAttribute(AttributeTargets validOn) => ValidOn = validOn;

    /// <summary>The targets.</summary>
    public AttributeTargets ValidOn { get; }
    /// <summary>Whether it may appear more than once.</summary>
    public bool AllowMultiple { get; set; }
    /// <summary>Whether derived types inherit it.</summary>
    public bool Inherited { get; set; }
}

/// <summary>An enum of bit flags.</summary>
[AttributeUsage(AttributeTargets.Enum)]
public sealed class FlagsAttribute : Attribute
{
}

/// <summary>A params array parameter.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ParamArrayAttribute : Attribute
{
}

/// <summary>Marks obsolete members.</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class ObsoleteAttribute : Attribute
{
}

/// <summary>Per-thread static (one per cpu is not offered: accepted and ignored on metal).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class ThreadStaticAttribute : Attribute
{
}

/// <summary>CLS compliance marker.</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class CLSCompliantAttribute : Attribute
{
    /// <summary>Marks compliance.</summary>
    public CLSCompliantAttribute(bool isCompliant) => IsCompliant = isCompliant;

    /// <summary>The flag.</summary>
    public bool IsCompliant { get; }
}
