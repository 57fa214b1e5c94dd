namespace Hpc.Noise;

/// <summary>The ways of measuring OS noise on one core.</summary>
public enum NoiseMethod
{
    /// <summary>Fixed work quantum: time a calibrated loop again and again; each sample is one quantum's duration.</summary>
    Fwq,
    /// <summary>Fixed time quantum: count work units done in each fixed interval; a sample is one interval's count.</summary>
    Ftq,
    /// <summary>Selfish detour (netgauge): read the TSC in a tight loop and record every gap above a threshold.</summary>
    Selfish,
    /// <summary>Hourglass (HermitCore): read the TSC in a tight loop and count every gap in a log2 histogram.</summary>
    Hourglass,
}
