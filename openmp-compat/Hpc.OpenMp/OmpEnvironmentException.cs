namespace Hpc.OpenMp;

/// <summary>An <c>OMP_*</c> environment variable holds a value the OpenMP specification does not allow (or that names cpus the rank does not own).</summary>
public sealed class OmpEnvironmentException : InvalidOperationException
{
    /// <summary>Creates the error for <paramref name="variable"/> holding <paramref name="value"/>.</summary>
    public OmpEnvironmentException(string variable, string value, string expected)
        : base($"{variable}='{value}' is not valid: {expected}")
    {
        Variable = variable;
        Value = value;
    }

    /// <summary>The variable, e.g. <c>OMP_SCHEDULE</c>.</summary>
    public string Variable { get; }

    /// <summary>The value it holds.</summary>
    public string Value { get; }
}
