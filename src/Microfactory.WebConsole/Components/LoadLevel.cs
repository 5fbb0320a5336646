namespace Microfactory.WebConsole.Components;

/// <summary>The colour band of a utilisation: the stylesheet's low, mid and high.</summary>
public static class LoadLevel
{
    public static string Of(double utilisation) => utilisation switch
    {
        >= 0.9 => "high",
        >= 0.5 => "mid",
        _ => "low",
    };
}
