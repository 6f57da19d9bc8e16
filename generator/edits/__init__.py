"""Hand-written code beside the generated SDK, kept through every regeneration.

On top of the pipeline (it may regenerate an earlier output as the base of a merge) and below
the commands that write (``generate``, ``update``) or compare (``check``):

* :mod:`.ownership`: the extension areas and kept files, which the generator never writes;
* :mod:`.merge3`: the three-way merge of lines;
* :mod:`.previous`: finding the last generated version of a file;
* :mod:`.preserve`: what the output folder should hold so that no hand edit is lost.
"""
