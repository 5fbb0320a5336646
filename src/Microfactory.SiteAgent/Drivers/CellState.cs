namespace Microfactory.SiteAgent.Drivers;

/// <summary>What a cell is doing; mirrors the contract's CellState.</summary>
public enum CellState
{
    Idle,
    ChangingOver,
    Running,
    Down,
}
