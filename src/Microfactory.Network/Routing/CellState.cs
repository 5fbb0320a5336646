namespace Microfactory.Network.Routing;

/// <summary>A cell's machine state as its site reports it. Down and Maintenance cells take no new work.</summary>
public enum CellState
{
    Idle,
    Busy,
    Down,
    Maintenance,
}
