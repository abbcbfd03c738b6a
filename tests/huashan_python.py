"""The Huashan 2020 self-evaluation built in Python, independently of the bundled data file.

``tests/test_seed_003.py`` checks that the package's ``huashan-2020.toml``
describes exactly this. :func:`huashan_2020` is the 2020 社会保障专项 self-evaluation of the Huashan
street office (Wuhan East Lake high-tech zone), scored by its authors at
20 + 39 + 39 = 98 under the Hubei 20/40/40 template. It is transcribed as
printed, stated scores and second-level labels included, so its defects
(labels that do not match their items, items scored against the rules) show
up as findings.

Transcription choices (the printed table is flattened): the two per-person
cost caps printed next to 社会效益 are put under 成本指标, where their points
are needed for output to total 40; 社会效益 holds the first five benefit
items (4 points each = its label 20), 环境效益 the last four.
"""

from __future__ import annotations

from perfrules.model.funds import Funds
from perfrules.model.indicators import Assessment, Indicator
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.values.notation import Actual, Target


def _leaf(name: str, weight: int, target: str | Target, actual: str | Actual, claimed: int, **kw: object) -> Indicator:
    return Indicator(name=name, weight=weight, target=target, actual=actual, claimed_score=claimed, **kw)  # type: ignore[arg-type]


def _qual(name: str, weight: int, target: str, actual: str, claimed: int, level: Assessment = Assessment.ACHIEVED) -> Indicator:
    return Indicator(
        name=name, weight=weight, target=Target.qualitative(target), actual=actual, claimed_score=claimed, assessment=level
    )


def huashan_2020() -> SelfEvaluation:
    """The Huashan street office 2020 社会保障专项 self-evaluation (stated total 98)."""
    output = Indicator(
        name="产出指标",
        code="output",
        weight=40,
        claimed_score=39,
        children=(
            Indicator(
                name="数量指标",
                weight=20,
                children=(
                    _leaf("办公用房、活动室的建设和维修社区数量", 2, "10个", "10个", 2),
                    _leaf("还建社区因各种原因停水后及军人慰问次数", 2, "≥50车", "没有停水", 2),
                    _leaf("支部党日活动次数", 2, "≥2次", "2次", 2),
                    _leaf("红色之旅党员学习活动次数", 2, "≥1次/月", "1次/月", 2),
                    _leaf("年组织开展群众文体活动", 2, "≥2次/年", "1次/年", 1),
                    _leaf(
                        "开展文艺演出场次",
                        2,
                        # a compound target: only its first clause is scorable
                        Target("≥", 4, unit="次/年", text="≥4次/年、其中体育活动≥2次"),
                        Actual.number(97, "次", text="各社区开展手工、绘画等文化活动97次,球赛、棋赛等体育活动23次"),
                        2,
                        code="开展文艺演出场次(≥4次/年)",
                    ),
                    _leaf("开展文艺演出场次", 2, "≥1场/年", "1场", 2, code="开展文艺演出场次(≥1场/年)"),
                    _leaf("四点半学校活动次数", 2, "≥1次/月", "线上线下一周一课", 2),
                ),
            ),
            Indicator(
                name="质量指标",
                weight=10,
                children=(
                    _leaf("青少年活动参与人数", 2, "≥30人/次", Actual("range", 25, 30, unit="人", text="25~30人(疫情控人)线上活动100人左右"), 2),
                    _leaf("志愿者活动次数", 2, "≥1次/周", "1次/周", 2),
                    _leaf("福利、救助资金发放覆盖率", 3, "100%", "100%", 3),
                    _qual("白山羊社区建设验收情况", 2, "合格", "合格", 2),
                ),
            ),
            Indicator(
                name="时效指标",
                weight=3,
                children=(
                    _leaf("党务宣传覆盖率", 2, "100%", "100%", 2),
                    _qual("社区惠民项目预期目标是否达到", 3, "是", "是", 3),
                ),
            ),
            Indicator(
                name="成本指标",
                weight=7,
                children=(
                    _leaf("福利经费发放及时率", 3, "100%", "100%", 3),
                    _leaf("社区惠民资金", 3, "16.12万元/社区", "16.12万/社区(疫情期间预算调)", 3),
                    _leaf("社区党员培训成本", 2, "≤200元/人", "200元", 2),
                    _leaf("社区工作者体检成本", 2, "≤500元/人", "500元", 2),
                ),
            ),
        ),
    )
    benefit = Indicator(
        name="效益指标",
        code="benefit",
        weight=40,
        claimed_score=39,
        children=(
            Indicator(
                name="社会效益指标",
                weight=20,
                children=(
                    _qual("宣传贯彻好党的十九大精神", 4, "开展好“三会一课”、主题党日,大力推进“红色引擎工程”", "全面规范“三会一课”、组织生活会等机制", 4),
                    _qual(
                        "提供各类便民服务,惠及民生,改善居民日常生活环境",
                        4,
                        "合理使用惠民资金,为居民提供便民服务,完善室内基础设施和室外公共休息场所",
                        "各社区公共文化服务基础设施建设不足,不能满足群众日益增长的文化需求。",
                        3,
                        Assessment.PARTLY,
                    ),
                    _qual("丰富社区居民文化生活,重视精神文明建设", 4, "开展各类艺术活动,特色文化活动、幸福创建活动", "各社区开展手工、绘画等文化活动97次,球赛、棋赛等体育活动23次", 4),
                    _qual("关爱困难群体和弱势群体,保障群众的基本利益", 4, "帮助困难群众,建立长效帮扶机制,提高群众幸福感", "一对一的帮扶,低保,特困,残疾人,孤儿,孤寡老人等特困群体生活救助", 4),
                    _qual("打造文明社区,重视宣传教育弘扬志愿精神,形成友好互助的氛围", 4, "组织开展各类宣传教育活动,鼓励居民积极参与到志愿活动中", "组织“六好”评比活动,评选出118名优秀代表并表彰", 4),
                ),
            ),
            Indicator(
                name="环境效益指标",
                weight=5,
                children=(
                    _qual("创造良好的社区卫生环境", 5, "加强社区环境治理,保护绿化,建设宜居社区", "每社区每周一次义务大清理", 5),
                    _qual("打造和谐、文明、幸福社区", 5, "切实维护居民利益,抓好社区精神文明建设", "完善社区居家养老基础设施,组织青少年活动", 5),
                    _qual("提高社区工作者素质和工作积极性", 5, "组织社区工作者定期培训学习", "聘请教师授课辅导,取得了预期的效果", 5),
                    _qual("体现党和政府优抚对象的高度重视,促进社会和谐发展", 5, "减轻优抚对象的经济压力,预防社会矛盾,维护稳定", "积极开展针对特殊困难群体的志愿服务活动", 5),
                ),
            ),
        ),
    )
    return SelfEvaluation(
        project=Project(
            name="社会保障专项",
            year=2020,
            unit="花山街社区办、民政办",
            department="武汉市东湖新技术开发区花山街道办事处",
            sector="social_security",
            region="CN-HB-Wuhan",
        ),
        funds=Funds.single(adjusted="2440.91", executed="2440.91"),
        indicators=(output, benefit),
        claimed_execution_score=20,
        claimed_total=98,
    )
