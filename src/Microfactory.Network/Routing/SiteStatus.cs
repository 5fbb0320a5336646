namespace Microfactory.Network.Routing;

/// <summary>Whether a site takes new work. Draining sites finish what they have but get nothing new.</summary>
public enum SiteStatus
{
    Online,
    Offline,
    Draining,
}
