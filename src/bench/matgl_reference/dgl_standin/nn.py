"""dgl.nn: only named, for the modules matgl imports beside M3GNet (MEGNet's and the readouts' Set2Set)."""


class Set2Set:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("dgl.nn.Set2Set is not part of the DGL stand-in (M3GNet's weighted-atom readout does not use it)")
